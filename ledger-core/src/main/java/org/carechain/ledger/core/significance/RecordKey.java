package org.carechain.ledger.core.significance;

import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;

/**
 * The identity of a record on the ledger. The resource type is part of it, so one provider-local
 * key used for two resource types names two records; the patient is not, so an UPDATE may move a
 * record to another patient.
 *
 * @param recordRef the pseudonym of the provider-local record key
 */
public record RecordKey(String provider, String resourceType, Hash recordRef) {

  public RecordKey {
    Ids.require(provider, "provider");
    ItemCatalog.requireResourceType(resourceType);
    Objects.requireNonNull(recordRef, "recordRef");
  }

  /**
   * Names the record in logs and rejection reasons with a short prefix of its pseudonym: enough to
   * find it, without copying full pseudonyms into every log line.
   */
  @Override
  public String toString() {
    return provider + "/" + resourceType + "/" + recordRef.toHex().substring(0, 12);
  }
}

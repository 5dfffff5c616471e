package org.carechain.ledger.core.significance;

import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;

/**
 * One change to one EHR record, as it counts for significance. Only the fields significance reads
 * are here; the ledger maps its {@code RecordEvent} transaction onto this.
 *
 * <p>The constructor checks the shape of the event. Whether it fits the current state (a known
 * resource type, a mask within Ω, a record that is or is not live) is checked by {@link
 * SignificanceState#apply}.
 *
 * @param patientRef the patient pseudonym; required for CREATE and UPDATE, optional for DELETE
 *     (capture without before-images only knows the key), and checked against the live record when
 *     given
 * @param itemMask the filled items; must be empty for DELETE
 */
public record RecordEvent(
    String provider,
    String resourceType,
    Hash recordRef,
    Hash patientRef,
    Operation operation,
    ItemMask itemMask)
    implements SignificanceEvent {

  public RecordEvent {
    Ids.require(provider, "provider");
    ItemCatalog.requireResourceType(resourceType);
    Objects.requireNonNull(recordRef, "recordRef");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(itemMask, "itemMask");
    if (operation != Operation.DELETE && patientRef == null) {
      throw new IllegalArgumentException("a " + operation + " event needs a patient reference");
    }
    if (operation == Operation.DELETE && !itemMask.isEmpty()) {
      throw new IllegalArgumentException("a DELETE event carries no item mask, got " + itemMask);
    }
  }

  public static RecordEvent create(
      String provider, String resourceType, Hash recordRef, Hash patientRef, ItemMask itemMask) {
    return new RecordEvent(provider, resourceType, recordRef, patientRef, Operation.CREATE, itemMask);
  }

  public static RecordEvent update(
      String provider, String resourceType, Hash recordRef, Hash patientRef, ItemMask itemMask) {
    return new RecordEvent(provider, resourceType, recordRef, patientRef, Operation.UPDATE, itemMask);
  }

  /** A DELETE that names only the record. */
  public static RecordEvent delete(String provider, String resourceType, Hash recordRef) {
    return new RecordEvent(
        provider, resourceType, recordRef, null, Operation.DELETE, ItemMask.EMPTY);
  }

  public RecordKey key() {
    return new RecordKey(provider, resourceType, recordRef);
  }

  @Override
  public String toString() {
    return operation + " " + key() + " " + itemMask;
  }
}

package org.carechain.ledger.core.significance;

import java.nio.charset.StandardCharsets;
import org.carechain.crypto.Hash;

/** Small builders shared by the significance tests. */
final class Fixtures {

  static final String OBSERVATION = "Observation";
  static final String CONDITION = "Condition";
  static final String IMMUNIZATION = "Immunization";

  private Fixtures() {}

  /** A stand-in pseudonym: distinct names give distinct refs. */
  static Hash ref(String name) {
    return Hash.sha256(name.getBytes(StandardCharsets.UTF_8));
  }

  static ImportantItem item(String name) {
    return new ImportantItem(name, "%resource." + name + ".exists()");
  }

  /** Observation Ω = 4, Condition Ω = 3, Immunization Ω = 1. */
  static ItemCatalog catalog() {
    return ItemCatalog.builder()
        .type(OBSERVATION, item("code"), item("value"), item("effective"), item("performer"))
        .type(CONDITION, item("code"), item("onset"), item("severity"))
        .type(IMMUNIZATION, item("vaccineCode"))
        .build();
  }

  static RecordEvent create(String provider, String type, String record, String patient, int... items) {
    return RecordEvent.create(provider, type, ref(record), ref(patient), ItemMask.of(items));
  }

  static RecordEvent update(String provider, String type, String record, String patient, int... items) {
    return RecordEvent.update(provider, type, ref(record), ref(patient), ItemMask.of(items));
  }

  static RecordEvent delete(String provider, String type, String record) {
    return RecordEvent.delete(provider, type, ref(record));
  }
}

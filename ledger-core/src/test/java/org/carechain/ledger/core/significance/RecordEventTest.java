package org.carechain.ledger.core.significance;

import static org.carechain.ledger.core.significance.Fixtures.OBSERVATION;
import static org.carechain.ledger.core.significance.Fixtures.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shape of an event is checked where it enters, before any state is consulted. */
class RecordEventTest {

  private static String reason(org.junit.jupiter.api.function.Executable construct) {
    return assertThrows(IllegalArgumentException.class, construct).getMessage();
  }

  @Test
  void createAndUpdateNeedAPatient() {
    String reason =
        reason(() -> new RecordEvent("a", OBSERVATION, ref("r"), null, Operation.CREATE, ItemMask.of(0)));
    assertTrue(reason.contains("needs a patient reference"), reason);
    reason =
        reason(() -> new RecordEvent("a", OBSERVATION, ref("r"), null, Operation.UPDATE, ItemMask.of(0)));
    assertTrue(reason.contains("UPDATE event needs a patient reference"), reason);
  }

  @Test
  void deleteCarriesNoMask() {
    String reason =
        reason(
            () -> new RecordEvent("a", OBSERVATION, ref("r"), ref("p"), Operation.DELETE, ItemMask.of(1)));
    assertTrue(reason.contains("DELETE event carries no item mask"), reason);
  }

  @Test
  void providerIdsArePrintableAscii() {
    assertTrue(reason(() -> Fixtures.create("", OBSERVATION, "r", "p")).contains("1 to 128"));
    assertTrue(reason(() -> Fixtures.create("has space", OBSERVATION, "r", "p")).contains("printable ASCII"));
    assertTrue(reason(() -> Fixtures.create("é", OBSERVATION, "r", "p")).contains("printable ASCII"));
    assertTrue(reason(() -> Fixtures.create("x".repeat(129), OBSERVATION, "r", "p")).contains("1 to 128"));
  }

  @Test
  void resourceTypesLookLikeFhirTypeNames() {
    String reason = reason(() -> Fixtures.create("a", "observation", "r", "p"));
    assertTrue(reason.contains("resource type must match"), reason);
  }

  @Test
  void requiredFieldsAreNotNull() {
    assertThrows(NullPointerException.class, () -> RecordEvent.create("a", OBSERVATION, null, ref("p"), ItemMask.EMPTY));
    assertThrows(NullPointerException.class, () -> RecordEvent.create("a", OBSERVATION, ref("r"), ref("p"), null));
    assertThrows(NullPointerException.class, () -> new BlockReward(null));
  }

  @Test
  void keyIsProviderTypeAndRecord() {
    RecordEvent event = Fixtures.create("a", OBSERVATION, "r", "p", 0);
    assertEquals(new RecordKey("a", OBSERVATION, ref("r")), event.key());
  }
}

package org.carechain.ledger.core.significance;

import static org.carechain.ledger.core.significance.Fixtures.OBSERVATION;
import static org.carechain.ledger.core.significance.Fixtures.create;
import static org.carechain.ledger.core.significance.Fixtures.delete;
import static org.carechain.ledger.core.significance.Fixtures.ref;
import static org.carechain.ledger.core.significance.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events that do not fit the state are rejected with a reason and change nothing. */
class SignificanceRejectionTest {

  private SignificanceState state;
  private Hash rootBefore;

  @BeforeEach
  void liveRecord() throws Exception {
    state = SignificanceState.genesis(Fixtures.catalog(), 1_000_000_000L);
    state.apply(create("a", OBSERVATION, "r1", "p", 0, 1));
    state.apply(create("b", OBSERVATION, "r2", "p", 1));
    rootBefore = state.root();
  }

  private String rejectionOf(SignificanceEvent event) {
    assertThrows(RejectedEventException.class, () -> state.check(event), "check");
    RejectedEventException e = assertThrows(RejectedEventException.class, () -> state.apply(event));
    assertEquals(rootBefore, state.root(), "a rejected event changed the state");
    assertEquals(2, state.liveRecordCount());
    assertEquals(-1, e.eventIndex());
    return e.getMessage();
  }

  @Test
  void createOfALiveRecordIsRejected() {
    String reason = rejectionOf(create("a", OBSERVATION, "r1", "p", 2));
    assertTrue(reason.contains("CREATE of a record that is already live"), reason);
    assertTrue(reason.startsWith("a/Observation/"), reason);
  }

  @Test
  void updateOfAnUnknownRecordIsRejected() {
    String reason = rejectionOf(update("a", OBSERVATION, "never-created", "p", 0));
    assertTrue(reason.contains("UPDATE of a record that is not live"), reason);
  }

  @Test
  void deleteOfAnUnknownRecordIsRejected() {
    String reason = rejectionOf(delete("b", OBSERVATION, "r1"));
    assertTrue(reason.contains("DELETE of a record that is not live"), reason);
  }

  @Test
  void deleteTwiceIsRejectedTheSecondTime() throws Exception {
    state.apply(delete("b", OBSERVATION, "r2"));
    rootBefore = state.root();
    RejectedEventException e =
        assertThrows(RejectedEventException.class, () -> state.apply(delete("b", OBSERVATION, "r2")));
    assertTrue(e.getMessage().contains("not live"), e.getMessage());
    assertEquals(rootBefore, state.root());
  }

  @Test
  void deleteNamingAnotherPatientIsRejected() {
    RecordEvent event =
        new RecordEvent("a", OBSERVATION, ref("r1"), ref("q"), Operation.DELETE, ItemMask.EMPTY);
    String reason = rejectionOf(event);
    assertTrue(reason.contains("different patient"), reason);
  }

  @Test
  void maskBitsAtOrBeyondOmegaAreRejected() {
    String reason = rejectionOf(create("c", OBSERVATION, "r3", "p", 0, 4));
    assertTrue(reason.contains("fills item 4") && reason.contains("Ω = 4"), reason);
  }

  @Test
  void typesOutsideTheCatalogAreRejected() {
    String reason = rejectionOf(create("c", "Procedure", "r3", "p", 0));
    assertTrue(reason.contains("Procedure has no important items"), reason);
  }

  @Test
  void rejectedBlockNamesTheEventAndLeavesTheStateAlone() {
    List<SignificanceEvent> block =
        List.of(
            create("c", OBSERVATION, "r3", "p", 2),
            new BlockReward("c"),
            update("c", OBSERVATION, "no-such-record", "p", 1));
    RejectedEventException e =
        assertThrows(RejectedEventException.class, () -> state.withBlock(block));
    assertEquals(2, e.eventIndex());
    assertTrue(e.getMessage().startsWith("event 2: "), e.getMessage());
    assertEquals(rootBefore, state.root());
  }

  @Test
  void negativeRewardIsRefusedAtGenesis() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SignificanceState.genesis(Fixtures.catalog(), -1));
    assertTrue(e.getMessage().contains("block reward"), e.getMessage());
  }
}

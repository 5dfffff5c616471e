package org.carechain.ledger.core.significance;

import static org.carechain.ledger.core.significance.Fixtures.CONDITION;
import static org.carechain.ledger.core.significance.Fixtures.IMMUNIZATION;
import static org.carechain.ledger.core.significance.Fixtures.OBSERVATION;
import static org.carechain.ledger.core.significance.Fixtures.create;
import static org.carechain.ledger.core.significance.Fixtures.delete;
import static org.carechain.ledger.core.significance.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed values; the arithmetic is written out in each test's comment. */
class SignificanceExamplesTest {

  private final SignificanceState state = SignificanceState.genesis(Fixtures.catalog(), 0);

  private void apply(SignificanceEvent... events) throws RejectedEventException {
    for (SignificanceEvent event : events) {
      state.apply(event);
    }
  }

  private void assertSignificance(String provider, long numerator, long denominator) {
    assertEquals(Rational.of(numerator, denominator), state.significanceOf(provider), provider);
  }

  @Test
  void twoProvidersSharingAnItemEachGetHalfOfIt() throws Exception {
    // Ω(Observation) = 4; both fill only item 0 for patient p: n = 2, v = (1/4)·(1/2) = 1/8.
    apply(create("a", OBSERVATION, "r1", "p", 0), create("b", OBSERVATION, "r2", "p", 0));
    assertSignificance("a", 1, 8);
    assertSignificance("b", 1, 8);
    assertEquals(125_000_000L, state.snapshot().nano("a"));
  }

  @Test
  void uniqueItemsCountFullyAndSharedOnesAreSplit() throws Exception {
    // a fills {0, 1}, b fills {1, 2}: n(0) = 1, n(1) = 2, n(2) = 1.
    // v(a) = (1/4)·(1 + 1/2) = 3/8; v(b) = (1/4)·(1/2 + 1) = 3/8.
    apply(create("a", OBSERVATION, "r1", "p", 0, 1), create("b", OBSERVATION, "r2", "p", 1, 2));
    assertSignificance("a", 3, 8);
    assertSignificance("b", 3, 8);

    // b's record goes: a is alone again, v(a) = (1/4)·(1 + 1) = 1/2.
    apply(delete("b", OBSERVATION, "r2"));
    assertSignificance("a", 1, 2);
    assertSignificance("b", 0, 1);
    assertEquals(Map.of("a", 500_000_000L), state.snapshot().nanoByProvider());
  }

  @Test
  void groupsAreSeparatedByPatientAndByType() throws Exception {
    // Same item index, but another patient and another type: no sharing anywhere.
    // a: Observation/p fills {0} → 1/4.  b: Observation/q fills {0} → 1/4.
    // c: Condition/p fills {0} → 1/3 (Ω = 3).
    apply(
        create("a", OBSERVATION, "r1", "p", 0),
        create("b", OBSERVATION, "r2", "q", 0),
        create("c", CONDITION, "r3", "p", 0));
    assertSignificance("a", 1, 4);
    assertSignificance("b", 1, 4);
    assertSignificance("c", 1, 3);
  }

  @Test
  void nCountsDistinctProvidersButEveryLiveRecordEarns() throws Exception {
    // a has two records filling item 0 of patient p, b has one: n = 2 distinct providers,
    // so each record gets K = 1/2. Ω(Immunization) = 1.
    // s(a) = 1/2 + 1/2 = 1, s(b) = 1/2.
    apply(
        create("a", IMMUNIZATION, "r1", "p", 0),
        create("a", IMMUNIZATION, "r2", "p", 0),
        create("b", IMMUNIZATION, "r3", "p", 0));
    assertSignificance("a", 1, 1);
    assertSignificance("b", 1, 2);
  }

  @Test
  void theOneRoundingRuleFloorsTheExactSumNotTheTerms() throws Exception {
    // Immunization/p shared by a, b, c: 1/3 each.
    // Condition/q filled by a alone on items {0, 1} of Ω = 3: 2/3.
    // s(a) = 1/3 + 2/3 = 1 exactly → 1_000_000_000 nano, whereas rounding each term first would
    // give 333_333_333 + 666_666_666 = 999_999_999.
    apply(
        create("a", IMMUNIZATION, "r1", "p", 0),
        create("b", IMMUNIZATION, "r2", "p", 0),
        create("c", IMMUNIZATION, "r3", "p", 0),
        create("a", CONDITION, "r4", "q", 0, 1));
    SignificanceSnapshot snapshot = state.snapshot();
    assertEquals(Rational.ONE, snapshot.exact("a"));
    assertEquals(1_000_000_000L, snapshot.nano("a"));
    assertEquals(333_333_333L, snapshot.nano("b"));
    assertEquals(333_333_333L, snapshot.nano("c"));
  }

  @Test
  void blockRewardsAddRTimesTheBlocksProposed() throws Exception {
    SignificanceState rewarded = SignificanceState.genesis(Fixtures.catalog(), 500_000_000L);
    // s(a) = 1/4 (alone on one Observation item) + 3 · 1/2 = 7/4.
    rewarded.apply(create("a", OBSERVATION, "r1", "p", 3));
    for (int i = 0; i < 3; i++) {
      rewarded.apply(new BlockReward("a"));
    }
    rewarded.apply(new BlockReward("validator-only"));
    assertEquals(Rational.of(7, 4), rewarded.significanceOf("a"));
    assertEquals(
        Map.of("a", 1_750_000_000L, "validator-only", 500_000_000L),
        rewarded.snapshot().nanoByProvider());
  }

  @Test
  void updateReplacesTheMaskAndRecomputesTheWholeGroup() throws Exception {
    // Start: a {0}, b {0, 1} → n(0) = 2, n(1) = 1: s(a) = 1/8, s(b) = (1/4)(1/2 + 1) = 3/8.
    apply(create("a", OBSERVATION, "r1", "p", 0), create("b", OBSERVATION, "r2", "p", 0, 1));
    assertSignificance("a", 1, 8);
    assertSignificance("b", 3, 8);
    // a now fills {1, 2} instead: n(0) = 1, n(1) = 2, n(2) = 1.
    // s(a) = (1/4)(1/2 + 1) = 3/8; s(b) = (1/4)(1 + 1/2) = 3/8: b changed without an event of its own.
    apply(update("a", OBSERVATION, "r1", "p", 1, 2));
    assertSignificance("a", 3, 8);
    assertSignificance("b", 3, 8);
  }

  @Test
  void updateMayMoveARecordToAnotherPatient() throws Exception {
    // a and b share item 0 of p (1/8 each); c alone on item 0 of q (1/4).
    apply(
        create("a", OBSERVATION, "r1", "p", 0),
        create("b", OBSERVATION, "r2", "p", 0),
        create("c", OBSERVATION, "r3", "q", 0));
    // a's record is re-linked to q: p has only b (1/4), q has a and c sharing (1/8 each).
    apply(update("a", OBSERVATION, "r1", "q", 0));
    assertSignificance("a", 1, 8);
    assertSignificance("b", 1, 4);
    assertSignificance("c", 1, 8);
  }

  @Test
  void theSameLocalKeyUnderAnotherTypeIsAnotherRecord() throws Exception {
    // (a, Observation, r1) and (a, Condition, r1) are two records: 1/4 + 1/3 = 7/12.
    apply(create("a", OBSERVATION, "r1", "p", 0), create("a", CONDITION, "r1", "p", 0));
    assertSignificance("a", 7, 12);
    assertEquals(2, state.liveRecordCount());
  }

  @Test
  void aDeletedRecordMayBeCreatedAgain() throws Exception {
    apply(
        create("a", OBSERVATION, "r1", "p", 0),
        delete("a", OBSERVATION, "r1"),
        create("a", OBSERVATION, "r1", "p", 0, 1));
    assertSignificance("a", 1, 2);
  }

  @Test
  void recordsWithAnEmptyMaskAreLiveButWorthNothing() throws Exception {
    apply(create("a", OBSERVATION, "r1", "p"));
    assertEquals(1, state.liveRecordCount());
    assertEquals(SignificanceSnapshot.empty(), state.snapshot());
    apply(update("a", OBSERVATION, "r1", "p", 2));
    assertSignificance("a", 1, 4);
  }

  @Test
  void deletingEverythingReturnsToTheGenesisRoot() throws Exception {
    var genesisRoot = state.root();
    apply(
        create("a", OBSERVATION, "r1", "p", 0, 1),
        create("b", OBSERVATION, "r2", "p", 1),
        delete("a", OBSERVATION, "r1"),
        delete("b", OBSERVATION, "r2"));
    assertEquals(genesisRoot, state.root());
    assertEquals(List.of(), state.snapshot().rows());
  }
}

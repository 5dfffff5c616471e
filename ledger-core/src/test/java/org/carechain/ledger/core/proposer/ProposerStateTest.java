package org.carechain.ledger.core.proposer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ProposerStateTest {

  private static final ProposerGenesis GENESIS =
      ProposerGenesis.of(ProposerPolicyKind.DEFAULT, List.of("b", "a"), 1_000L);

  private static String reason(Executable executable) {
    return assertThrows(IllegalArgumentException.class, executable).getMessage();
  }

  @Test
  void genesisNamesSelectThePolicy() {
    assertEquals(ProposerPolicyKind.LEAST_SIGNIFICANCE, ProposerPolicyKind.fromGenesisName("least-significance"));
    assertEquals(ProposerPolicyKind.WEIGHTED_ROUND_ROBIN, ProposerPolicyKind.fromGenesisName("weighted-round-robin"));
    assertEquals(ProposerPolicyKind.LEAST_SIGNIFICANCE, ProposerPolicyKind.DEFAULT);
    String reason = reason(() -> ProposerPolicyKind.fromGenesisName("round-robin"));
    assertTrue(reason.contains("least-significance, weighted-round-robin"), reason);

    ProposerState state = ProposerState.genesis(GENESIS);
    assertInstanceOf(LeastSignificancePolicy.class, ProposerPolicyKind.LEAST_SIGNIFICANCE.policyFor(state));
    assertInstanceOf(WeightedRoundRobinPolicy.class, ProposerPolicyKind.WEIGHTED_ROUND_ROBIN.policyFor(state));
  }

  @Test
  void genesisIsValidated() {
    assertEquals(List.of("a", "b"), GENESIS.validators());
    assertEquals(Duration.ofSeconds(600), GENESIS.starvingThreshold());
    assertTrue(reason(() -> ProposerGenesis.of(ProposerPolicyKind.DEFAULT, List.of(), 0)).contains("at least one validator"));
    assertTrue(reason(() -> ProposerGenesis.of(ProposerPolicyKind.DEFAULT, List.of("a", "a"), 0)).contains("listed twice"));
    assertTrue(reason(() -> ProposerGenesis.of(ProposerPolicyKind.DEFAULT, List.of("a b"), 0)).contains("printable ASCII"));
    assertTrue(reason(() -> new ProposerGenesis(ProposerPolicyKind.DEFAULT, List.of("a"), 0, Duration.ofSeconds(-1))).contains(">= 0"));
    assertTrue(reason(() -> new ProposerGenesis(ProposerPolicyKind.DEFAULT, List.of("a"), 0, Duration.ofNanos(1_500_000))).contains("whole milliseconds"));
  }

  @Test
  void genesisStateStartsAtHeightOne() {
    ProposerState state = ProposerState.genesis(GENESIS);
    assertEquals(1, state.height());
    assertEquals(1_000L, state.parentTimeMillis());
    assertEquals(Map.of("a", 1_000L, "b", 1_000L), state.lastProposedAtMillis());
    assertEquals(Map.of("a", 0L, "b", 0L), state.significanceNano());
    assertEquals(ProposerPriorities.zero(List.of("a", "b")), state.priorities());
  }

  @Test
  void significanceOfNonValidatorsIsIgnoredAndMissingMeansZero() {
    ProposerState next =
        ProposerState.genesis(GENESIS).afterCommit(1, 0, 2_000, Map.of("b", 7L, "clinic-x", 9L));
    assertEquals(Map.of("a", 0L, "b", 7L), next.significanceNano());
  }

  @Test
  void commitsMustMoveForwardInTimeAtTheRightHeight() {
    ProposerState state = ProposerState.genesis(GENESIS);
    assertTrue(reason(() -> state.afterCommit(1, 0, 1_000, Map.of())).contains("later than the parent"));
    assertTrue(reason(() -> state.afterCommit(2, 0, 5_000, Map.of())).contains("height 2"));
    assertTrue(reason(() -> state.afterCommit(1, -1, 5_000, Map.of())).contains("round must be >= 0"));
  }

  @Test
  void restoredStatesAreChecked() {
    ProposerPriorities zero = ProposerPriorities.zero(List.of("a", "b"));
    assertTrue(reason(() -> ProposerState.restore(GENESIS, 0, 1_000, Map.of(), Map.of(), zero)).contains("height must be >= 1"));
    assertTrue(reason(() -> ProposerState.restore(GENESIS, 2, 999, Map.of(), Map.of(), zero)).contains("before genesis"));
    assertTrue(reason(() -> ProposerState.restore(GENESIS, 2, 5_000, Map.of("c", 2_000L), Map.of(), zero)).contains("c is not a validator"));
    assertTrue(reason(() -> ProposerState.restore(GENESIS, 2, 5_000, Map.of("a", 6_000L), Map.of(), zero)).contains("outside [genesis time, parent time]"));
    assertTrue(reason(() -> ProposerState.restore(GENESIS, 2, 5_000, Map.of(), Map.of("a", -1L), zero)).contains("negative"));
    assertTrue(reason(() -> ProposerState.restore(GENESIS, 2, 5_000, Map.of(), Map.of(), ProposerPriorities.zero(List.of("a")))).contains("exactly the validators"));
  }

  @Test
  void aRestoredStateEqualsTheOneItWasSavedFrom() {
    ProposerState state =
        ProposerState.genesis(GENESIS).afterCommit(1, 1, 2_000, Map.of("a", 5L));
    ProposerState restored =
        ProposerState.restore(
            state.genesis(), state.height(), state.parentTimeMillis(), state.lastProposedAtMillis(),
            state.significanceNano(), state.priorities());
    assertEquals(state, restored);
  }
}

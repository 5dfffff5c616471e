package org.carechain.ledger.core.proposer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastSignificancePolicyTest {

  private static final long GENESIS = 1_000_000L;
  private static final ProposerGenesis GENESIS_ABCD =
      ProposerGenesis.of(ProposerPolicyKind.LEAST_SIGNIFICANCE, List.of("d", "c", "b", "a"), GENESIS);

  private static ProposerState state(
      long height, long parentTime, Map<String, Long> last, Map<String, Long> significance) {
    return ProposerState.restore(
        GENESIS_ABCD, height, parentTime, last, significance,
        ProposerPriorities.zero(GENESIS_ABCD.validators()));
  }

  private static List<String> ranking(ProposerState state) {
    return assertInstanceOf(LeastSignificancePolicy.class, state.policy()).ranking();
  }

  @Test
  void atGenesisEveryoneIsEquallyInsignificantSoIdsDecide() {
    ProposerState genesis = ProposerState.genesis(GENESIS_ABCD);
    assertEquals(List.of("a", "b", "c", "d"), ranking(genesis));
    assertEquals("a", genesis.proposer(1, 0));
  }

  @Test
  void leastSignificantFirstTiesById() {
    // Nobody has waited 600 s: d (0) < b (1) = c (1) < a (5).
    ProposerState state =
        state(7, GENESIS + 100_000, Map.of(), Map.of("a", 5L, "b", 1L, "c", 1L, "d", 0L));
    assertEquals(List.of("d", "b", "c", "a"), ranking(state));
    assertEquals("d", state.proposer(7, 0));
    assertEquals("b", state.proposer(7, 1));
    assertEquals("c", state.proposer(7, 2));
    assertEquals("a", state.proposer(7, 3));
  }

  @Test
  void roundsWrapAroundTheRanking() {
    ProposerState state =
        state(7, GENESIS + 100_000, Map.of(), Map.of("a", 5L, "b", 1L, "c", 1L, "d", 0L));
    assertEquals("d", state.proposer(7, 4));
    assertEquals("a", state.proposer(7, 7));
    assertEquals("b", state.proposer(7, 4 * 1000 + 1));
  }

  @Test
  void starvingValidatorsComeFirstLongestWaitingFirst() {
    long parent = GENESIS + 2_000_000;
    ProposerState state =
        state(
            9,
            parent,
            Map.of(
                "a", parent - 700_000, // waited 700 s: starving
                "b", parent - 600_000, // exactly T: starving
                "c", parent - 599_999, // 1 ms short of T: not starving
                "d", parent - 700_000), // ties with a on last(v): by id, after a
            Map.of("a", 9L, "b", 9L, "c", 3L, "d", 0L));
    // starving by last(v): a, d (tie → id), b; then the rest by significance: c.
    assertEquals(List.of("a", "d", "b", "c"), ranking(state));
  }

  @Test
  void starvingIgnoresSignificance() {
    long parent = GENESIS + 10_000_000;
    ProposerState state =
        state(
            3,
            parent,
            Map.of("a", parent - 1, "b", parent - 2, "c", GENESIS, "d", GENESIS + 5),
            Map.of("a", 0L, "b", 0L, "c", 1_000_000_000L, "d", 2_000_000_000L));
    assertEquals(List.of("c", "d", "a", "b"), ranking(state));
  }

  @Test
  void committingMovesTheProposerBackAndTheHeightOn() {
    ProposerState genesis = ProposerState.genesis(GENESIS_ABCD);
    ProposerState next = genesis.afterCommit(1, 0, GENESIS + 5_000, Map.of("a", 3L));
    assertEquals(2, next.height());
    assertEquals(GENESIS + 5_000, next.parentTimeMillis());
    assertEquals(GENESIS + 5_000, next.lastProposedAtMillis().get("a"));
    assertEquals(List.of("b", "c", "d", "a"), ranking(next));
    // The committed state it came from is untouched.
    assertEquals(1, genesis.height());
    assertEquals(List.of("a", "b", "c", "d"), ranking(genesis));
  }

  @Test
  void theRoundThatCommittedNamesWhoseLastProposalMoves() {
    ProposerState genesis = ProposerState.genesis(GENESIS_ABCD);
    ProposerState next = genesis.afterCommit(1, 2, GENESIS + 5_000, Map.of());
    assertEquals(GENESIS + 5_000, next.lastProposedAtMillis().get("c"));
    assertEquals(GENESIS, next.lastProposedAtMillis().get("a"));
  }

  @Test
  void rewardsRotateTheLeastSignificantUntilTheMostSignificantStarves() {
    // a starts far more significant; each proposal earns R = 1000 nano. b, c, d take turns until a
    // has waited T = 600 s since genesis, i.e. after 10 one-minute blocks.
    Map<String, Long> significance = new HashMap<>(Map.of("a", 1_000_000L));
    ProposerState state =
        ProposerState.restore(
            GENESIS_ABCD, 1, GENESIS, Map.of(), significance,
            ProposerPriorities.zero(GENESIS_ABCD.validators()));
    long time = GENESIS;
    List<String> proposers = new ArrayList<>();
    String proposer;
    while (!(proposer = state.proposer(state.height(), 0)).equals("a")) {
      proposers.add(proposer);
      significance.merge(proposer, 1_000L, Long::sum);
      time += 60_000;
      state = state.afterCommit(state.height(), 0, time, significance);
    }
    assertEquals(List.of("b", "c", "d", "b", "c", "d", "b", "c", "d", "b"), proposers);
    assertEquals(11, state.height());
  }

  @Test
  void refusesOtherHeightsAndNegativeRounds() {
    ProposerState genesis = ProposerState.genesis(GENESIS_ABCD);
    String reason =
        assertThrows(IllegalArgumentException.class, () -> genesis.proposer(2, 0)).getMessage();
    assertTrue(reason.contains("before height 1") && reason.contains("height 2"), reason);
    assertThrows(IllegalArgumentException.class, () -> genesis.proposer(1, -1));
  }
}

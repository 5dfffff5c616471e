package org.carechain.ledger.core.proposer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WeightedRoundRobinPolicyTest {

  private static final long GENESIS = 0L;
  private static final ProposerGenesis ABC =
      ProposerGenesis.of(ProposerPolicyKind.WEIGHTED_ROUND_ROBIN, List.of("a", "b", "c"), GENESIS);

  private static ProposerState withWeights(long a, long b, long c, Map<String, Long> priorities) {
    return ProposerState.restore(
        ABC, 1, GENESIS, Map.of(), Map.of("a", a, "b", b, "c", c), ProposerPriorities.of(priorities));
  }

  private static Map<String, Long> priorities(long a, long b, long c) {
    return Map.of("a", a, "b", b, "c", c);
  }

  /** Commits every height in round 0 with constant significance; returns the proposers. */
  private static List<String> run(ProposerState state, int heights, Map<String, Long> significance) {
    List<String> proposers = new ArrayList<>();
    for (int i = 0; i < heights; i++) {
      proposers.add(state.proposer(state.height(), 0));
      state = state.afterCommit(state.height(), 0, state.parentTimeMillis() + 1_000, significance);
    }
    return proposers;
  }

  @Test
  void handWorkedCycleWithWeightsOneTwoThree() {
    // W = 6. From [0, 0, 0]:
    // h1: +w → [1, 2, 3] → c → [1, 2, -3]
    // h2: +w → [2, 4, 0] → b → [2, -2, 0]
    // h3: +w → [3, 0, 3] → a (ties with c, smaller id) → [-3, 0, 3]
    // h4: +w → [-2, 2, 6] → c → [-2, 2, 0]
    // h5: +w → [-1, 4, 3] → b → [-1, -2, 3]
    // h6: +w → [0, 0, 6] → c → [0, 0, 0]: the cycle closes, each proposed w times.
    Map<String, Long> significance = Map.of("a", 1L, "b", 2L, "c", 3L);
    ProposerState state = withWeights(1, 2, 3, priorities(0, 0, 0));
    List<Map<String, Long>> expected =
        List.of(
            priorities(1, 2, -3), priorities(2, -2, 0), priorities(-3, 0, 3),
            priorities(-2, 2, 0), priorities(-1, -2, 3), priorities(0, 0, 0));
    List<String> proposers = new ArrayList<>();
    for (Map<String, Long> after : expected) {
      proposers.add(state.proposer(state.height(), 0));
      state = state.afterCommit(state.height(), 0, state.parentTimeMillis() + 1, significance);
      assertEquals(after, state.priorities().asMap(), "after height " + (state.height() - 1));
    }
    assertEquals(List.of("c", "b", "a", "c", "b", "c"), proposers);
  }

  @Test
  void laterRoundsIncrementAgainAndTheCommittingRoundDecidesThePriorities() {
    // proposer(1, 1): [1, 2, -3] (c), then [2, 4, 0] → b → [2, -2, 0].
    ProposerState state = withWeights(1, 2, 3, priorities(0, 0, 0));
    assertEquals("c", state.proposer(1, 0));
    assertEquals("b", state.proposer(1, 1));
    ProposerState next = state.afterCommit(1, 1, 10, Map.of("a", 1L, "b", 2L, "c", 3L));
    assertEquals(priorities(2, -2, 0), next.priorities().asMap());
    assertEquals(10, next.lastProposedAtMillis().get("b"));
    // Querying never changed the committed priorities.
    assertEquals(priorities(0, 0, 0), state.priorities().asMap());
  }

  @Test
  void withoutSignificanceEveryWeightIsOneAndItIsPlainRoundRobinById() {
    ProposerState genesis = ProposerState.genesis(ABC);
    assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), run(genesis, 7, Map.of()));
    WeightedRoundRobinPolicy policy = assertInstanceOf(WeightedRoundRobinPolicy.class, genesis.policy());
    assertEquals(1, policy.weight("a"));
  }

  @Test
  void aDebtFromOldWeightsIsRescaledIntoTheWindow() {
    // Weights 1, W = 3, window 2W = 6. Spread 150 > 6: divide by ⌈150 / 6⌉ = 25 → [-4, 2, 2];
    // sum 0, no shift. +w → [-3, 3, 3] → b (tie, smaller id) → [-3, 0, 3].
    ProposerState state = withWeights(0, 0, 0, priorities(-100, 50, 50));
    assertEquals("b", state.proposer(1, 0));
    assertEquals(
        priorities(-3, 0, 3),
        state.afterCommit(1, 0, 1, Map.of()).priorities().asMap());
  }

  @Test
  void prioritiesAreCentredOnTheirAverage() {
    // Weights 10, W = 30, no rescale. Sum 5 → shift by ⌊5 / 3⌋ = 1 → [4, -1, -1];
    // +w → [14, 9, 9] → a → [-16, 9, 9]; the sum 2 stays in [0, n).
    ProposerState state = withWeights(10, 10, 10, priorities(5, 0, 0));
    assertEquals("a", state.proposer(1, 0));
    Map<String, Long> after = state.afterCommit(1, 0, 1, Map.of("a", 10L, "b", 10L, "c", 10L))
        .priorities().asMap();
    assertEquals(priorities(-16, 9, 9), after);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void proposalSharesConvergeToWeightSharesAndPrioritiesStayBounded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 2 + random.nextInt(8);
    List<String> validators = new ArrayList<>();
    Map<String, Long> significance = new HashMap<>();
    long totalWeight = 0;
    for (int i = 0; i < n; i++) {
      String id = "validator-" + i;
      validators.add(id);
      long nano = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(100);
      significance.put(id, nano);
      totalWeight += WeightedRoundRobinPolicy.weightOf(nano);
    }
    ProposerState state =
        ProposerState.genesis(
            ProposerGenesis.of(ProposerPolicyKind.WEIGHTED_ROUND_ROBIN, validators, GENESIS));
    state = ProposerState.restore(
        state.genesis(), 1, GENESIS, Map.of(), significance, state.priorities());

    int heights = 20 * (int) totalWeight;
    Map<String, Integer> proposals = new HashMap<>();
    for (int h = 0; h < heights; h++) {
      proposals.merge(state.proposer(state.height(), 0), 1, Integer::sum);
      state = state.afterCommit(state.height(), 0, state.parentTimeMillis() + 1, significance);
      long sum = 0;
      for (long priority : state.priorities().asMap().values()) {
        sum += priority;
        assertTrue(Math.abs(priority) <= 2 * totalWeight,
            "seed " + seed + ": priority " + priority + " outside ±2W at height " + h);
      }
      assertEquals(0, sum, "seed " + seed + ": with constant weights the sum stays 0");
    }
    for (String id : validators) {
      double expected = (double) heights * WeightedRoundRobinPolicy.weightOf(significance.get(id)) / totalWeight;
      int actual = proposals.getOrDefault(id, 0);
      assertTrue(Math.abs(actual - expected) <= n,
          "seed " + seed + ": " + id + " proposed " + actual + " times, weight share says " + expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withChangingWeightsAndLateRoundsPrioritiesStayBounded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> validators = List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6");
    Map<String, Long> significance = new HashMap<>();
    validators.forEach(id -> significance.put(id, (long) random.nextInt(5_000)));
    ProposerState state =
        ProposerState.restore(
            ProposerGenesis.of(ProposerPolicyKind.WEIGHTED_ROUND_ROBIN, validators, GENESIS),
            1, GENESIS, Map.of(), significance, ProposerPriorities.zero(validators));
    for (int h = 0; h < 5_000; h++) {
      long totalWeight = 0;
      for (long nano : state.significanceNano().values()) {
        totalWeight += WeightedRoundRobinPolicy.weightOf(nano);
      }
      int round = random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(3);
      // Significance moves a lot, including collapses to zero, so rescaling is exercised.
      String changed = validators.get(random.nextInt(validators.size()));
      significance.put(changed, random.nextInt(4) == 0 ? 0L : (long) random.nextInt(1_000_000));
      state = state.afterCommit(state.height(), round, state.parentTimeMillis() + 1, significance);
      long sum = 0;
      for (long priority : state.priorities().asMap().values()) {
        sum += priority;
        assertTrue(Math.abs(priority) <= (3L + round) * totalWeight + 1,
            "seed " + seed + ": priority " + priority + " at height " + h + ", W = " + totalWeight);
      }
      assertTrue(sum >= 0 && sum < validators.size(),
          "seed " + seed + ": priority sum " + sum + " outside [0, n) at height " + h);
    }
  }

  @Test
  void sameCommittedStateSameProposersOnEveryNode() {
    SplittableRandom random = new SplittableRandom(99);
    Map<String, Long> significance = new HashMap<>();
    ProposerState first = ProposerState.genesis(ABC);
    ProposerState second = ProposerState.genesis(ABC);
    for (int h = 1; h <= 500; h++) {
      int round = random.nextInt(3);
      for (int r = 0; r <= round + 2; r++) {
        assertEquals(first.proposer(h, r), second.proposer(h, r), "height " + h + " round " + r);
      }
      significance.put(List.of("a", "b", "c").get(random.nextInt(3)), (long) random.nextInt(100));
      first = first.afterCommit(h, round, h * 1_000L, significance);
      second = second.afterCommit(h, round, h * 1_000L, new HashMap<>(significance));
      assertEquals(first, second);
    }
  }
}

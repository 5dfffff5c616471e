package org.carechain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded schedules of the whole network, half with n = 4 and half with n = 7.
 *
 * <p>{@code -Dconsensus.schedules=N} (default 1000) sets how many run, with seeds from {@code
 * -Dconsensus.firstSeed} (default 1); {@code -Dconsensus.seed=S} runs only seed S, at both sizes. A
 * failure names its seed and the command that replays it.
 */
class SimulationTest {

  private static final List<SimResult> RESULTS = Collections.synchronizedList(new ArrayList<>());

  static Stream<Arguments> schedules() {
    String seed = System.getProperty("consensus.seed", "");
    if (!seed.isBlank()) {
      long s = Long.parseLong(seed.trim());
      return Stream.of(Arguments.of(4, s), Arguments.of(7, s));
    }
    long total = Long.getLong("consensus.schedules", 1000);
    long first = Long.getLong("consensus.firstSeed", 1);
    long perSize = Math.max(1, total / 2);
    return Stream.concat(
        LongStream.range(first, first + perSize).mapToObj(s -> Arguments.of(4, s)),
        LongStream.range(first, first + total - perSize).mapToObj(s -> Arguments.of(7, s)));
  }

  @ParameterizedTest(name = "n={0} seed={1}")
  @MethodSource("schedules")
  void everyScheduleIsSafeAndLiveAfterGst(int n, long seed) {
    RESULTS.add(Simulation.run(Scenario.random(seed, n)));
  }

  /**
   * A simulator that quietly stopped injecting faults would pass everything; across a full run,
   * each kind of fault must have happened somewhere.
   */
  @AfterAll
  static void faultsWereActuallyExercised() {
    List<SimResult> results = List.copyOf(RESULTS);
    long withEvidence = results.stream().filter(r -> r.evidence() > 0).count();
    long withCrashes = results.stream().filter(r -> r.crashes() > 0).count();
    long withCatchUp = results.stream().filter(r -> r.catchUps() > 0).count();
    long withForgeries = results.stream().filter(r -> r.forgedCertificatesRejected() > 0).count();
    long withLaterRounds = results.stream().filter(r -> r.maxDecisionRound() > 0).count();
    int maxRound = results.stream().mapToInt(SimResult::maxDecisionRound).max().orElse(0);
    long events = results.stream().mapToLong(SimResult::events).sum();
    java.util.Map<String, Long> histogram = new java.util.TreeMap<>();
    for (SimResult r : results) {
      histogram.merge("n=" + r.n() + " round " + r.maxRoundAfterGst(), 1L, Long::sum);
    }
    System.out.println("max decision round of heights started after GST: " + histogram);
    System.out.printf(
        "consensus simulation: %d schedules, %d events; with equivocation evidence %d, crash-restarts %d,"
            + " catch-ups %d, forged certificates rejected %d, decisions after round 0 %d (max round %d)%n",
        results.size(), events, withEvidence, withCrashes, withCatchUp, withForgeries, withLaterRounds, maxRound);
    if (results.size() >= 200) {
      assertTrue(withEvidence > 0 && withCrashes > 0 && withCatchUp > 0 && withForgeries > 0 && withLaterRounds > 0,
          "some fault was never exercised");
    }
  }
}

package org.carechain.consensus.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Everything about one schedule that is fixed before it runs, drawn from its seed: the Byzantine
 * validators and their strategies, when the network becomes stable (GST), and the faults before
 * that. The simulator draws the rest (each message's fate, crash points) from the same seed, so a
 * seed names a whole run.
 *
 * @param partitions network splits before GST; each heals by GST at the latest
 * @param scheduledCrashes times (before GST) at which a random correct validator crashes
 * @param crashPerAction chance that a correct validator crashes just before carrying out any one
 *     action, such as between persisting a vote and broadcasting it
 */
record Scenario(
    long seed,
    int n,
    List<String> ids,
    Map<String, Strategy> byzantine,
    long gstMillis,
    double loss,
    double duplication,
    long maxDelayBeforeGst,
    long maxDelayAfterGst,
    List<Partition> partitions,
    List<Long> scheduledCrashes,
    double crashPerAction,
    int heightsAfterGst,
    boolean realSignatures) {

  record Partition(long fromMillis, long toMillis, Set<String> side) {
    boolean separates(String a, String b, long now) {
      return now >= fromMillis && now < toMillis && side.contains(a) != side.contains(b);
    }
  }

  static Scenario random(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> ids = IntStream.range(0, n).mapToObj(i -> "v" + i).toList();
    int f = (n - 1) / 3;

    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
    Map<String, Strategy> byzantine = new LinkedHashMap<>();
    int byzantineCount = random.nextInt(f + 1);
    Strategy[] strategies = Strategy.values();
    for (String id : shuffled.subList(0, byzantineCount)) {
      byzantine.put(id, strategies[random.nextInt(strategies.length)]);
    }

    long gst = random.nextInt(5) == 0 ? 0 : random.nextLong(1, 8_001);
    double loss = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.35;
    double duplication = random.nextDouble() * 0.2;
    long[] delayChoices = {10, 50, 300, 1_000, 3_000};
    long maxDelay = delayChoices[random.nextInt(delayChoices.length)];

    List<Partition> partitions = new ArrayList<>();
    int partitionCount = gst == 0 ? 0 : random.nextInt(3);
    for (int i = 0; i < partitionCount; i++) {
      long from = random.nextLong(gst);
      long to = Math.min(gst, from + random.nextLong(100, 4_000));
      Set<String> side = new HashSet<>();
      for (String id : ids) {
        if (random.nextBoolean()) {
          side.add(id);
        }
      }
      partitions.add(new Partition(from, to, Set.copyOf(side)));
    }

    List<Long> crashes = new ArrayList<>();
    int crashCount = gst == 0 ? 0 : random.nextInt(4);
    for (int i = 0; i < crashCount; i++) {
      crashes.add(random.nextLong(gst));
    }
    double crashPerAction = gst > 0 && random.nextInt(3) == 0 ? 0.003 : 0;

    return new Scenario(seed, n, ids, Map.copyOf(byzantine), gst, loss, duplication, maxDelay, 40,
        List.copyOf(partitions), List.copyOf(crashes), crashPerAction, 3, false);
  }

  Scenario withRealSignatures() {
    return new Scenario(seed, n, ids, byzantine, gstMillis, loss, duplication, maxDelayBeforeGst,
        maxDelayAfterGst, partitions, scheduledCrashes, crashPerAction, heightsAfterGst, true);
  }

  boolean isCorrect(String id) {
    return !byzantine.containsKey(id);
  }

  @Override
  public String toString() {
    return "Scenario{seed=" + seed + ", n=" + n + ", byzantine=" + new java.util.TreeMap<>(byzantine)
        + ", gst=" + gstMillis + "ms, loss=" + String.format("%.2f", loss)
        + ", dup=" + String.format("%.2f", duplication) + ", maxDelay=" + maxDelayBeforeGst + "ms"
        + ", partitions=" + partitions.size() + ", crashes=" + scheduledCrashes.size()
        + ", crashPerAction=" + crashPerAction + (realSignatures ? ", Ed25519" : "") + "}";
  }
}

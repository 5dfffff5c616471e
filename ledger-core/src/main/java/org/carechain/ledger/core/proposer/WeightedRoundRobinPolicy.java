package org.carechain.ledger.core.proposer;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Tendermint's proposer priority with significance as weight: over many heights each validator
 * proposes in proportion to its weight, and never twice in a row more than its weight warrants.
 *
 * <p>Weight w(v) = max(1, significance of v in nano units); the floor of 1 keeps validators without
 * significance in the rotation. W = Σ w. Priorities start at zero and are committed state.
 *
 * <p>For (h, r), starting from the committed priorities after h − 1:
 *
 * <ol>
 *   <li>Rescale: if max − min &gt; 2W, divide every priority by ⌈(max − min) / 2W⌉, truncating
 *       toward zero. Weights change with significance; without this, a validator whose weight
 *       dropped would carry a debt sized by its old weight for a very long time.
 *   <li>Centre: subtract ⌊Σ priorities / n⌋ from each.
 *   <li>r + 1 times: add each validator's weight to its priority, pick the highest priority (ties
 *       to the smallest id), and subtract W from the pick.
 * </ol>
 *
 * The last pick proposes (h, r). When the block is committed at (h, r) the priorities after step 3
 * become the committed priorities. Each step keeps the sum unchanged, so from genesis the sum stays
 * 0 until a rescale truncates, and after any commit it lies in [0, n).
 */
public final class WeightedRoundRobinPolicy implements ProposerPolicy {

  private static final int PRIORITY_WINDOW_IN_TOTAL_WEIGHTS = 2;

  private final long height;
  private final List<String> validators;
  private final long[] weights;
  private final long totalWeight;
  private final long[] committedPriorities;

  private WeightedRoundRobinPolicy(
      long height, List<String> validators, long[] weights, long[] committedPriorities) {
    this.height = height;
    this.validators = validators;
    this.weights = weights;
    long total = 0;
    for (long weight : weights) {
      total = Math.addExact(total, weight);
    }
    this.totalWeight = total;
    this.committedPriorities = committedPriorities;
  }

  public static WeightedRoundRobinPolicy of(ProposerState state) {
    List<String> validators = state.validators();
    long[] weights = new long[validators.size()];
    long[] priorities = new long[validators.size()];
    for (int i = 0; i < validators.size(); i++) {
      String validator = validators.get(i);
      weights[i] = weightOf(state.significanceNano().get(validator));
      priorities[i] = state.priorities().get(validator);
    }
    return new WeightedRoundRobinPolicy(state.height(), validators, weights, priorities);
  }

  /** w(v) = max(1, significance in nano units). */
  public static long weightOf(long significanceNano) {
    return Math.max(1, significanceNano);
  }

  @Override
  public String proposer(long height, int round) {
    PolicyChecks.requireHeightAndRound(this.height, height, round);
    long[] priorities = normalized();
    int pick = -1;
    for (int i = 0; i <= round; i++) {
      pick = step(priorities);
    }
    return validators.get(pick);
  }

  /**
   * The committed priorities once the block of {@code height} is committed in {@code round}.
   * This policy and its committed priorities are not changed.
   */
  public ProposerPriorities prioritiesAfterCommit(long height, int round) {
    PolicyChecks.requireHeightAndRound(this.height, height, round);
    long[] priorities = normalized();
    for (int i = 0; i <= round; i++) {
      step(priorities);
    }
    SortedMap<String, Long> map = new TreeMap<>();
    for (int i = 0; i < validators.size(); i++) {
      map.put(validators.get(i), priorities[i]);
    }
    return ProposerPriorities.of(map);
  }

  /** w(v) at this height. */
  public long weight(String validator) {
    int index = validators.indexOf(validator);
    if (index < 0) {
      throw new IllegalArgumentException(validator + " is not a validator of this channel");
    }
    return weights[index];
  }

  private long[] normalized() {
    long[] priorities = committedPriorities.clone();
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (long priority : priorities) {
      max = Math.max(max, priority);
      min = Math.min(min, priority);
    }
    long spread = Math.subtractExact(max, min);
    long window = Math.multiplyExact(PRIORITY_WINDOW_IN_TOTAL_WEIGHTS, totalWeight);
    if (spread > window) {
      long ratio = -Math.floorDiv(-spread, window);
      for (int i = 0; i < priorities.length; i++) {
        priorities[i] /= ratio;
      }
    }
    long sum = 0;
    for (long priority : priorities) {
      sum = Math.addExact(sum, priority);
    }
    long average = Math.floorDiv(sum, priorities.length);
    for (int i = 0; i < priorities.length; i++) {
      priorities[i] = Math.subtractExact(priorities[i], average);
    }
    return priorities;
  }

  /** One Tendermint increment; returns the index of the pick. */
  private int step(long[] priorities) {
    int pick = 0;
    for (int i = 0; i < priorities.length; i++) {
      priorities[i] = Math.addExact(priorities[i], weights[i]);
      // Strictly greater: on a tie the earlier index, i.e. the smaller id, keeps the pick.
      if (priorities[i] > priorities[pick]) {
        pick = i;
      }
    }
    priorities[pick] = Math.subtractExact(priorities[pick], totalWeight);
    return pick;
  }
}

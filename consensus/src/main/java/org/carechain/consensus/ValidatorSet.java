package org.carechain.consensus;

import java.util.List;

/**
 * The validators of one channel, each with one vote (significance never buys votes).
 *
 * <p>The thresholds follow the spec's definitions, "more than 2/3" and "more than 1/3" of the
 * voting power, rather than the literal 2f+1 and f+1: the two agree when n = 3f+1, but for n = 6
 * (f = 1) 2f+1 = 3 quorums would not intersect in a correct validator, while ⌊2n/3⌋+1 = 5 do.
 */
public interface ValidatorSet {

  /** The validator ids in their fixed genesis order. */
  List<String> ids();

  boolean contains(String validator);

  default int size() {
    return ids().size();
  }

  /** f = ⌊(n−1)/3⌋, the most Byzantine validators the protocol tolerates. */
  default int maxFaulty() {
    return (size() - 1) / 3;
  }

  /** The smallest number of validators that is more than 2/3 of them: 2f+1 when n = 3f+1. */
  default int quorum() {
    return 2 * size() / 3 + 1;
  }

  /** The smallest number of validators that is more than 1/3 of them: f+1 when n = 3f+1. */
  default int weakQuorum() {
    return size() / 3 + 1;
  }

  /**
   * A fixed set in the given order.
   *
   * @throws IllegalArgumentException if empty or if an id repeats
   */
  static ValidatorSet of(List<String> ids) {
    return new FixedValidatorSet(ids);
  }
}

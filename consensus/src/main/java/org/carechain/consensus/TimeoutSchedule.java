package org.carechain.consensus;

/**
 * How long each step waits: {@code base + round·delta} milliseconds. Growing with the round is
 * what gives liveness after the network stabilises: whatever the real message delay, some round's
 * timeouts exceed it.
 */
public record TimeoutSchedule(
    long proposeBaseMillis,
    long proposeDeltaMillis,
    long prevoteBaseMillis,
    long prevoteDeltaMillis,
    long precommitBaseMillis,
    long precommitDeltaMillis) {

  public TimeoutSchedule {
    if (proposeBaseMillis <= 0 || prevoteBaseMillis <= 0 || precommitBaseMillis <= 0
        || proposeDeltaMillis < 0 || prevoteDeltaMillis < 0 || precommitDeltaMillis < 0) {
      throw new IllegalArgumentException("bases are > 0 and deltas >= 0");
    }
  }

  /** The same base and delta for all three steps. */
  public static TimeoutSchedule uniform(long baseMillis, long deltaMillis) {
    return new TimeoutSchedule(baseMillis, deltaMillis, baseMillis, deltaMillis, baseMillis, deltaMillis);
  }

  /** The delay of the timeout of {@code step} in {@code round}; saturates instead of overflowing. */
  public long delayMillis(Step step, int round) {
    return switch (step) {
      case PROPOSE -> linear(proposeBaseMillis, proposeDeltaMillis, round);
      case PREVOTE -> linear(prevoteBaseMillis, prevoteDeltaMillis, round);
      case PRECOMMIT -> linear(precommitBaseMillis, precommitDeltaMillis, round);
    };
  }

  private static long linear(long base, long delta, int round) {
    if (round > 0 && delta > (Long.MAX_VALUE - base) / round) {
      return Long.MAX_VALUE;
    }
    return base + delta * round;
  }
}

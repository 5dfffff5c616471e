package org.carechain.crypto.merkle;

/**
 * A complete subtree: the {@code 2^level} leaves {@code [index * 2^level, (index + 1) * 2^level)}.
 * Level 0 nodes are single leaves.
 *
 * <p>In an append-only log a complete subtree never changes once its last leaf exists, which is
 * why stores keep exactly these.
 */
public record NodeId(int level, long index) {

  /** Highest level whose leaf range still fits a non-negative {@code long}. */
  public static final int MAX_LEVEL = 62;

  /**
   * @throws IllegalArgumentException if the level is outside 0..62, the index is negative, or the
   *     range ends beyond {@link Long#MAX_VALUE}
   */
  public NodeId {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("level must be in 0.." + MAX_LEVEL + ", got " + level);
    }
    if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
      throw new IllegalArgumentException("index " + index + " out of range at level " + level);
    }
  }

  /** The first leaf covered. */
  public long start() {
    return index << level;
  }

  /** One past the last leaf covered. */
  public long end() {
    return (index + 1) << level;
  }

  /** The number of leaves covered. */
  public long leafCount() {
    return 1L << level;
  }
}

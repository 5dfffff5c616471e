package org.carechain.ledger.core.proposer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The committed state the proposer policies read, as of the end of height h − 1: everything they
 * need to name the proposers of height h, and nothing else. Immutable; the ledger keeps one per
 * height and moves to the next with {@link #afterCommit}.
 */
public final class ProposerState {

  private final ProposerGenesis genesis;
  private final long height;
  private final long parentTimeMillis;
  private final SortedMap<String, Long> lastProposedAtMillis;
  private final SortedMap<String, Long> significanceNano;
  private final ProposerPriorities priorities;

  private ProposerState(
      ProposerGenesis genesis,
      long height,
      long parentTimeMillis,
      SortedMap<String, Long> lastProposedAtMillis,
      SortedMap<String, Long> significanceNano,
      ProposerPriorities priorities) {
    this.genesis = genesis;
    this.height = height;
    this.parentTimeMillis = parentTimeMillis;
    this.lastProposedAtMillis = Collections.unmodifiableSortedMap(lastProposedAtMillis);
    this.significanceNano = Collections.unmodifiableSortedMap(significanceNano);
    this.priorities = priorities;
  }

  /** The state before height 1: nobody has proposed, nobody has significance. */
  public static ProposerState genesis(ProposerGenesis genesis) {
    Objects.requireNonNull(genesis, "genesis");
    SortedMap<String, Long> last = new TreeMap<>();
    SortedMap<String, Long> significance = new TreeMap<>();
    for (String validator : genesis.validators()) {
      last.put(validator, genesis.genesisTimeMillis());
      significance.put(validator, 0L);
    }
    return new ProposerState(
        genesis,
        1,
        genesis.genesisTimeMillis(),
        last,
        significance,
        ProposerPriorities.zero(genesis.validators()));
  }

  /**
   * A state read back from storage.
   *
   * @param height the height about to be decided, h ≥ 1
   * @param parentTimeMillis the timestamp of block h − 1 (the genesis time for h = 1)
   * @param lastProposedAtMillis per validator, the timestamp of its last proposed block; a missing
   *     validator has not proposed yet
   * @param significanceNano per validator, its significance after h − 1 in nano units; missing
   *     means zero, ids that are not validators are ignored
   * @param priorities one per validator (all zero under the least-significance policy)
   * @throws IllegalArgumentException if the values contradict each other or the genesis
   */
  public static ProposerState restore(
      ProposerGenesis genesis,
      long height,
      long parentTimeMillis,
      Map<String, Long> lastProposedAtMillis,
      Map<String, Long> significanceNano,
      ProposerPriorities priorities) {
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(lastProposedAtMillis, "lastProposedAtMillis");
    Objects.requireNonNull(priorities, "priorities");
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1, got " + height);
    }
    if (parentTimeMillis < genesis.genesisTimeMillis()) {
      throw new IllegalArgumentException("parent time " + parentTimeMillis + " is before genesis");
    }
    for (String id : lastProposedAtMillis.keySet()) {
      requireValidator(genesis, id);
    }
    SortedMap<String, Long> last = new TreeMap<>();
    for (String validator : genesis.validators()) {
      long at = lastProposedAtMillis.getOrDefault(validator, genesis.genesisTimeMillis());
      if (at < genesis.genesisTimeMillis() || at > parentTimeMillis) {
        throw new IllegalArgumentException(
            "last proposal of " + validator + " at " + at + " is outside [genesis time, parent time]");
      }
      last.put(validator, at);
    }
    if (!priorities.asMap().keySet().equals(Set.copyOf(genesis.validators()))) {
      throw new IllegalArgumentException(
          "priorities must name exactly the validators " + genesis.validators()
              + ", got " + priorities.asMap().keySet());
    }
    return new ProposerState(
        genesis, height, parentTimeMillis, last, validatorSignificance(genesis, significanceNano),
        priorities);
  }

  private static void requireValidator(ProposerGenesis genesis, String id) {
    if (Collections.binarySearch(genesis.validators(), id) < 0) {
      throw new IllegalArgumentException(id + " is not a validator of this channel");
    }
  }

  private static SortedMap<String, Long> validatorSignificance(
      ProposerGenesis genesis, Map<String, Long> significanceNano) {
    Objects.requireNonNull(significanceNano, "significanceNano");
    SortedMap<String, Long> significance = new TreeMap<>();
    for (String validator : genesis.validators()) {
      long nano = significanceNano.getOrDefault(validator, 0L);
      if (nano < 0) {
        throw new IllegalArgumentException("significance of " + validator + " is negative: " + nano);
      }
      significance.put(validator, nano);
    }
    return significance;
  }

  /** The policy fixed in genesis, over this state. */
  public ProposerPolicy policy() {
    return genesis.policy().policyFor(this);
  }

  /** Shorthand for {@code policy().proposer(height, round)}. */
  public String proposer(long height, int round) {
    return policy().proposer(height, round);
  }

  /**
   * The state after block {@code height} was committed in {@code round}: its proposer's last
   * proposal becomes {@code blockTimeMillis}, the block becomes the parent, and under weighted
   * round robin the priorities advance.
   *
   * @param significanceNanoAfterBlock significance after applying the block, in nano units;
   *     missing means zero, ids that are not validators are ignored
   * @throws IllegalArgumentException if {@code height} is not this state's height, {@code round} is
   *     negative, or the block time is not later than the parent's
   */
  public ProposerState afterCommit(
      long height, int round, long blockTimeMillis, Map<String, Long> significanceNanoAfterBlock) {
    ProposerPolicy policy = policy();
    String proposer = policy.proposer(height, round);
    if (blockTimeMillis <= parentTimeMillis) {
      throw new IllegalArgumentException(
          "block time " + blockTimeMillis + " must be later than the parent's " + parentTimeMillis);
    }
    SortedMap<String, Long> last = new TreeMap<>(lastProposedAtMillis);
    last.put(proposer, blockTimeMillis);
    ProposerPriorities nextPriorities =
        policy instanceof WeightedRoundRobinPolicy weighted
            ? weighted.prioritiesAfterCommit(height, round)
            : priorities;
    return new ProposerState(
        genesis,
        Math.addExact(height, 1),
        blockTimeMillis,
        last,
        validatorSignificance(genesis, significanceNanoAfterBlock),
        nextPriorities);
  }

  public ProposerGenesis genesis() {
    return genesis;
  }

  /** The height the policies of this state decide, h. */
  public long height() {
    return height;
  }

  /** Sorted validator ids. */
  public List<String> validators() {
    return genesis.validators();
  }

  public long parentTimeMillis() {
    return parentTimeMillis;
  }

  /** last(v) for every validator, ascending by id. */
  public SortedMap<String, Long> lastProposedAtMillis() {
    return lastProposedAtMillis;
  }

  /** Significance after h − 1 for every validator, in nano units, ascending by id. */
  public SortedMap<String, Long> significanceNano() {
    return significanceNano;
  }

  public ProposerPriorities priorities() {
    return priorities;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProposerState that
        && genesis.equals(that.genesis)
        && height == that.height
        && parentTimeMillis == that.parentTimeMillis
        && lastProposedAtMillis.equals(that.lastProposedAtMillis)
        && significanceNano.equals(that.significanceNano)
        && priorities.equals(that.priorities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(genesis, height, parentTimeMillis, lastProposedAtMillis, significanceNano,
        priorities);
  }

  @Override
  public String toString() {
    return "ProposerState{height=" + height + ", parentTime=" + parentTimeMillis
        + ", last=" + lastProposedAtMillis + ", significance=" + significanceNano
        + ", priorities=" + priorities + "}";
  }
}

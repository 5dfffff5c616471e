package org.carechain.ledger.core.proposer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.carechain.ledger.core.Ids;

/**
 * The proposer settings a channel fixes in genesis.
 *
 * @param policy the policy of the channel
 * @param validators the validator ids; kept sorted, since only the ids (never the listing order)
 *     break ties
 * @param genesisTimeMillis the genesis time, standing in for last(v) before v's first proposal
 * @param starvingThreshold T of the least-significance policy, whole milliseconds, ≥ 0
 */
public record ProposerGenesis(
    ProposerPolicyKind policy,
    List<String> validators,
    long genesisTimeMillis,
    Duration starvingThreshold) {

  public static final Duration DEFAULT_STARVING_THRESHOLD = Duration.ofSeconds(600);

  public ProposerGenesis {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(starvingThreshold, "starvingThreshold");
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a channel needs at least one validator");
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String validator : validators) {
      if (!sorted.add(Ids.require(validator, "validator"))) {
        throw new IllegalArgumentException("validator " + validator + " is listed twice");
      }
    }
    validators = List.copyOf(sorted);
    if (starvingThreshold.isNegative()) {
      throw new IllegalArgumentException("starving threshold must be >= 0, got " + starvingThreshold);
    }
    if (starvingThreshold.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "starving threshold must be whole milliseconds (block times are), got " + starvingThreshold);
    }
  }

  /** Genesis settings with the default starving threshold of 600 s. */
  public static ProposerGenesis of(
      ProposerPolicyKind policy, List<String> validators, long genesisTimeMillis) {
    return new ProposerGenesis(policy, validators, genesisTimeMillis, DEFAULT_STARVING_THRESHOLD);
  }

  long starvingThresholdMillis() {
    return starvingThreshold.toMillis();
  }
}

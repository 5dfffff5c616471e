package org.carechain.ledger.core.proposer;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** The proposer policies a channel's genesis may name. */
public enum ProposerPolicyKind {
  /** The paper's reference policy: starving validators first, then the least significant. */
  LEAST_SIGNIFICANCE("least-significance"),
  /** Tendermint-style proposer priority with significance as weight. */
  WEIGHTED_ROUND_ROBIN("weighted-round-robin");

  public static final ProposerPolicyKind DEFAULT = LEAST_SIGNIFICANCE;

  private final String genesisName;

  ProposerPolicyKind(String genesisName) {
    this.genesisName = genesisName;
  }

  /** The name used in genesis configuration. */
  public String genesisName() {
    return genesisName;
  }

  /**
   * The policy named {@code name} in genesis.
   *
   * @throws IllegalArgumentException naming the accepted values if {@code name} is unknown
   */
  public static ProposerPolicyKind fromGenesisName(String name) {
    Objects.requireNonNull(name, "name");
    for (ProposerPolicyKind kind : values()) {
      if (kind.genesisName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown proposer policy \"" + name + "\"; expected one of "
            + Arrays.stream(values()).map(k -> k.genesisName).collect(Collectors.joining(", ")));
  }

  /** This policy over {@code state}. */
  public ProposerPolicy policyFor(ProposerState state) {
    return switch (this) {
      case LEAST_SIGNIFICANCE -> LeastSignificancePolicy.of(state);
      case WEIGHTED_ROUND_ROBIN -> WeightedRoundRobinPolicy.of(state);
    };
  }
}

package org.carechain.consensus;

import java.util.Objects;

/**
 * Proof that {@code validator} equivocated: two authentic messages of the same kind for the same
 * (height, round) that say different things. Both signatures verified, so the pair convicts the
 * validator on its own, without trusting whoever reports it.
 */
public record Evidence(
    MessageKind kind, String validator, long height, int round, ConsensusMessage first, ConsensusMessage second) {

  public Evidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }

  static Evidence of(ConsensusMessage first, ConsensusMessage second) {
    return new Evidence(first.kind(), first.sender(), first.height(), first.round(), first, second);
  }
}

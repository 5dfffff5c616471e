package org.carechain.consensus;

/**
 * What a validator can send once per (height, round): a second, different message of the same
 * kind is equivocation.
 */
public enum MessageKind {
  PROPOSAL,
  PREVOTE,
  PRECOMMIT;

  /** The step a validator is in right after sending a message of this kind. */
  Step stepAfterSending() {
    return switch (this) {
      case PROPOSAL -> Step.PROPOSE;
      case PREVOTE -> Step.PREVOTE;
      case PRECOMMIT -> Step.PRECOMMIT;
    };
  }
}

package org.carechain.consensus;

/** The step of a round. The order matters: rule 4 fires at {@code step >= PREVOTE}. */
public enum Step {
  PROPOSE,
  PREVOTE,
  PRECOMMIT;

  boolean atLeast(Step other) {
    return compareTo(other) >= 0;
  }
}

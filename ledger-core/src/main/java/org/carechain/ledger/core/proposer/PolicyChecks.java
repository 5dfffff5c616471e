package org.carechain.ledger.core.proposer;

/** The argument checks every policy makes before answering. */
final class PolicyChecks {

  private PolicyChecks() {}

  static void requireHeightAndRound(long builtFor, long height, int round) {
    if (height != builtFor) {
      throw new IllegalArgumentException(
          "this policy was built from the committed state before height " + builtFor
              + " and cannot name proposers of height " + height);
    }
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0, got " + round);
    }
  }
}

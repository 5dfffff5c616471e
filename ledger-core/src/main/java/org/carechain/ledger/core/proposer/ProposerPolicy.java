package org.carechain.ledger.core.proposer;

/**
 * Who proposes at (height, round). An instance is built from the committed state after height − 1
 * ({@link ProposerState#policy()}) and answers only for that height, identically on every node.
 */
public interface ProposerPolicy {

  /**
   * The proposer of {@code round} at {@code height}.
   *
   * @throws IllegalArgumentException if {@code height} is not the height this policy was built for,
   *     or {@code round} is negative
   */
  String proposer(long height, int round);
}

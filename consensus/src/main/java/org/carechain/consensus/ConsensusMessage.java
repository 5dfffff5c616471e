package org.carechain.consensus;

/** What validators send each other. Both kinds are signed by their sender. */
public sealed interface ConsensusMessage permits Proposal, Vote {

  long height();

  int round();

  /** The validator that signed the message. */
  String sender();

  MessageKind kind();

  Signature signature();

  /**
   * Whether {@code other} is the same signed statement: same sender, slot and content. Two
   * messages for the same slot that are not the same statement are equivocation.
   */
  boolean sameStatementAs(ConsensusMessage other);
}

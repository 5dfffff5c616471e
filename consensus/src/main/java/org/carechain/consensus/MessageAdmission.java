package org.carechain.consensus;

/**
 * The checks a peer's message of the current height passes before the core stores it, in order
 * of cost: shape and membership, then what we already hold, then the signature.
 */
final class MessageAdmission<V extends ProposedValue> {

  /** The outcome for one message; {@code reason} is set only for {@link Verdict#DROP}. */
  record Result(Verdict verdict, String reason, ConsensusMessage conflictingWith) {
    static final Result STORE = new Result(Verdict.STORE, null, null);
    static final Result IGNORE = new Result(Verdict.IGNORE, null, null);

    static Result drop(String reason) {
      return new Result(Verdict.DROP, reason, null);
    }

    static Result equivocation(ConsensusMessage first) {
      return new Result(Verdict.EQUIVOCATION, null, first);
    }
  }

  enum Verdict { STORE, IGNORE, DROP, EQUIVOCATION }

  private final ConsensusConfig config;
  private final CoreDependencies<V> deps;

  MessageAdmission(ConsensusConfig config, CoreDependencies<V> deps) {
    this.config = config;
    this.deps = deps;
  }

  Result admit(ConsensusMessage message, MessageLog<V> log, long height, int round) {
    String malformed = problemWith(message, height);
    if (malformed != null) {
      return Result.drop(malformed);
    }
    ConsensusMessage first = log.firstFor(message);
    if (first != null && first.sameStatementAs(message)) {
      // Gossip repeats messages constantly; a repeat costs no signature check.
      return Result.IGNORE;
    }
    if (first == null
        && message.round() > round
        && !log.hasMessagesIn(message.sender(), message.round())
        && log.roundsAbove(message.sender(), round) >= config.futureRoundsPerValidator()) {
      return Result.drop("already holding " + config.futureRoundsPerValidator() + " future rounds from "
          + message.sender());
    }
    if (!isAuthentic(message)) {
      return Result.drop("signature does not verify");
    }
    return first == null ? Result.STORE : Result.equivocation(first);
  }

  /** Why the message could never be used at {@code height}, or null. Needs no signature check. */
  String problemWith(ConsensusMessage message, long height) {
    if (!deps.validators().contains(message.sender())) {
      return message.sender() + " is not a validator";
    }
    if (message instanceof Proposal<?> proposal) {
      if (!proposal.blockId().equals(proposal.value().id())) {
        return "block id does not match the proposed value";
      }
      if (proposal.validRound() >= proposal.round()) {
        return "validRound " + proposal.validRound() + " is not below round " + proposal.round();
      }
      if (proposal.height() == height) {
        String expected = deps.proposers().proposer(height, proposal.round());
        if (!proposal.proposer().equals(expected)) {
          return proposal.proposer() + " is not the proposer of (" + height + ", " + proposal.round()
              + "), " + expected + " is";
        }
      }
    }
    return null;
  }

  boolean isAuthentic(ConsensusMessage message) {
    return deps.authenticator().isAuthentic(
        message.sender(), config.payloads().of(message), message.signature());
  }
}

package org.carechain.consensus.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechain.consensus.Action;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.consensus.InvalidCertificateException;
import org.carechain.consensus.MessageAuthenticator;
import org.carechain.consensus.MessageKind;
import org.carechain.consensus.Proposal;
import org.carechain.consensus.ProposerSchedule;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.consensus.Vote;
import org.carechain.consensus.VoteType;
import org.carechain.consensus.testing.TestValue;
import org.carechain.crypto.Hash;

/**
 * The safety properties, checked on every action a simulated validator carries out, so a
 * violation is reported at the event that caused it. It keeps its own record of every authentic
 * message sent, and never asks a core what it believes.
 */
final class Invariants {

  private record Slot(String validator, long height, int round, MessageKind kind) {}

  private record Tally(long height, int round, Hash blockId) {}

  private record Lock(int round, Hash blockId) {}

  private final Scenario scenario;
  private final ValidatorSet validators;
  private final ProposerSchedule proposers;
  private final SigningPayloads payloads;
  private final MessageAuthenticator authenticator;

  /** What each correct validator persisted, by slot: it must never persist two different things. */
  private final Map<Slot, ConsensusMessage> persisted = new HashMap<>();
  /** Signers of authentic prevotes, from anyone, by (height, round, block). */
  private final Map<Tally, Set<String>> prevoteSigners = new HashMap<>();
  /** Authentic proposals from the scheduled proposer, by (height, round). */
  private final Map<Tally, List<Proposal<?>>> proposals = new HashMap<>();
  private final Set<ConsensusMessage> seenAuthentic = new HashSet<>();
  /** Highest non-nil precommit of each correct validator per height, which is its lock. */
  private final Map<String, Map<Long, List<Lock>>> locks = new HashMap<>();
  private final Map<Long, Hash> decisions = new HashMap<>();

  Invariants(Scenario scenario, ValidatorSet validators, ProposerSchedule proposers, SigningPayloads payloads,
      MessageAuthenticator authenticator) {
    this.scenario = scenario;
    this.validators = validators;
    this.proposers = proposers;
    this.payloads = payloads;
    this.authenticator = authenticator;
  }

  /** A correct validator persisted {@code message} to its WAL (about to send it). */
  void persisted(String validator, ConsensusMessage message) {
    require(message.sender().equals(validator), () -> validator + " persisted a message of " + message.sender());
    Slot slot = new Slot(validator, message.height(), message.round(), message.kind());
    ConsensusMessage earlier = persisted.putIfAbsent(slot, message);
    require(earlier == null || earlier.sameStatementAs(message),
        () -> "WAL rule: " + validator + " sent " + earlier + " and then " + message);
    if (message instanceof Vote vote && vote.type() == VoteType.PREVOTE && !vote.isNil()) {
      checkLockSafety(validator, vote);
    }
    if (message instanceof Vote vote && vote.type() == VoteType.PRECOMMIT && !vote.isNil()) {
      locks.computeIfAbsent(validator, v -> new HashMap<>())
          .computeIfAbsent(vote.height(), h -> new ArrayList<>())
          .add(new Lock(vote.round(), vote.blockId()));
    }
    observe(message);
  }

  /** A correct validator broadcast {@code message}: it must have persisted it first. */
  void broadcast(String validator, ConsensusMessage message) {
    ConsensusMessage earlier = persisted.get(new Slot(validator, message.height(), message.round(), message.kind()));
    require(earlier != null && earlier.sameStatementAs(message),
        () -> "persist-before-broadcast: " + validator + " broadcast " + message + " without persisting it");
  }

  /** Anything put on the wire by anyone; only authentic messages become evidence of support. */
  void observe(ConsensusMessage message) {
    if (seenAuthentic.contains(message)) {
      return;
    }
    if (!authenticator.isAuthentic(message.sender(), payloads.of(message), message.signature())) {
      return;
    }
    seenAuthentic.add(message);
    if (message instanceof Vote vote && vote.type() == VoteType.PREVOTE && !vote.isNil()) {
      prevoteSigners.computeIfAbsent(new Tally(vote.height(), vote.round(), vote.blockId()), t -> new HashSet<>())
          .add(vote.validator());
    }
    if (message instanceof Proposal<?> proposal
        && proposal.proposer().equals(proposers.proposer(proposal.height(), proposal.round()))) {
      proposals.computeIfAbsent(new Tally(proposal.height(), proposal.round(), null), t -> new ArrayList<>()).add(proposal);
    }
  }

  /** A correct validator decided: agreement, validity, and a certificate that verifies. */
  void decided(String validator, Action.Decide<TestValue> decide) {
    TestValue value = decide.value();
    Hash earlier = decisions.putIfAbsent(decide.height(), value.id());
    require(earlier == null || earlier.equals(value.id()),
        () -> "agreement: " + validator + " decided " + value + " at height " + decide.height() + ", another correct validator "
            + earlier.toHex().substring(0, 8));
    require(value.isValidAt(decide.height(), decide.round(), proposers),
        () -> "validity: " + validator + " decided the invalid " + value);
    try {
      CommitCertificate.verify(validators, payloads, authenticator, decide.height(), value.id(), decide.certificate());
    } catch (InvalidCertificateException e) {
      throw new AssertionError(validator + " decided with a certificate that does not verify: " + e.getMessage(), e);
    }
  }

  /** A correct validator dropped a message: never an authentic one of a correct validator, unless for capacity. */
  void dropped(String validator, Action.Dropped dropped) {
    ConsensusMessage message = dropped.message();
    String sender = message.sender();
    if (!scenario.isCorrect(sender) || !validators.contains(sender)) {
      return;
    }
    ConsensusMessage original = persisted.get(new Slot(sender, message.height(), message.round(), message.kind()));
    boolean authentic = original != null && original.sameStatementAs(message)
        && original.signature().equals(message.signature());
    String reason = dropped.reason();
    boolean capacity = reason.contains("future rounds") || reason.contains("buffer full") || reason.contains("catch up");
    require(!authentic || capacity, () -> validator + " dropped correct " + sender + "'s " + message + ": " + reason);
    require(!reason.startsWith("equivocation") || !authentic,
        () -> validator + " accused correct " + sender + " of equivocation");
  }

  private void checkLockSafety(String validator, Vote prevote) {
    Lock lock = null;
    for (Lock candidate : locks.getOrDefault(validator, Map.of()).getOrDefault(prevote.height(), List.of())) {
      if (candidate.round() < prevote.round() && (lock == null || candidate.round() > lock.round())) {
        lock = candidate;
      }
    }
    if (lock == null || lock.blockId().equals(prevote.blockId())) {
      return;
    }
    for (Proposal<?> proposal :
        proposals.getOrDefault(new Tally(prevote.height(), prevote.round(), null), List.of())) {
      int vr = proposal.validRound();
      if (proposal.blockId().equals(prevote.blockId()) && vr >= lock.round() && vr < prevote.round()
          && prevoteSigners.getOrDefault(new Tally(prevote.height(), vr, prevote.blockId()), Set.of()).size()
              >= validators.quorum()) {
        return;
      }
    }
    throw new AssertionError("lock safety: " + validator + " locked on " + lock.blockId().toHex().substring(0, 8)
        + " in round " + lock.round() + " but sent " + prevote + " with no proposal carrying 2f+1 prevotes"
        + " from a round >= " + lock.round());
  }

  private static void require(boolean condition, java.util.function.Supplier<String> violation) {
    if (!condition) {
      throw new AssertionError(violation.get());
    }
  }
}

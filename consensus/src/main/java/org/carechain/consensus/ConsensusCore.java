package org.carechain.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.carechain.crypto.Hash;

/**
 * One validator's Tendermint state machine (Algorithm 1 of "The latest gossip on BFT consensus"),
 * for one channel.
 *
 * <p>Events go in through {@link #start}, {@link #recover}, {@link #onProposal}, {@link #onVote},
 * {@link #onTimeout} and {@link #onCommit}; each returns the {@link Action}s the node must carry
 * out, in order. The core does no I/O, reads no clock and draws no random numbers, so a given
 * sequence of events always produces the same actions. It is not thread-safe: feed it from one
 * thread or one event loop.
 *
 * <p>Rules are numbered as in {@code docs/ledger-protocol.md}. After every event the core applies
 * whichever rules hold until none does, which is what "applied when its condition first holds"
 * means for a sequential machine.
 */
public final class ConsensusCore<V extends ProposedValue> {

  private record Slot(int round, MessageKind kind) {}

  private record ValidityKey(Hash blockId, int round) {}

  private final ConsensusConfig config;
  private final CoreDependencies<V> deps;
  private final String self;
  private final ValidatorSet validators;
  private final Inbox<V> inbox;

  private boolean started;
  private long height = -1;
  private int round;
  private Step step = Step.PROPOSE;
  private V lockedValue;
  private int lockedRound = -1;
  private V validValue;
  private int validRound = -1;
  private Action.Decide<V> decision;
  private MessageLog<V> log = new MessageLog<>();
  /** What this validator sent at the current height; the WAL rule is enforced against it. */
  private final Map<Slot, ConsensusMessage> sent = new LinkedHashMap<>();
  private final Map<ValidityKey, Boolean> validity = new HashMap<>();
  // "The first time" of rules 3, 4 and 6: they only look at the current round, so the flags are
  // reset with it.
  private boolean prevoteTimeoutScheduled;
  private boolean lockRuleFired;
  private boolean precommitTimeoutScheduled;

  private List<Action> out;

  public ConsensusCore(ConsensusConfig config, CoreDependencies<V> deps) {
    this.config = Objects.requireNonNull(config, "config");
    this.deps = Objects.requireNonNull(deps, "deps");
    this.self = config.self();
    this.validators = deps.validators();
    if (!validators.contains(self)) {
      throw new IllegalArgumentException(self + " is not in " + validators);
    }
    this.inbox = new Inbox<>(config, deps);
  }

  // ---------------------------------------------------------------- events

  /**
   * Starts {@code height} at round 0: first at boot when the WAL holds nothing for it, then after
   * each {@link Action.Decide} once the block is committed (or after catching up by other means).
   *
   * @throws IllegalArgumentException if {@code height} is not above the current height
   */
  public List<Action> start(long height) {
    if (height < 0 || (started && height <= this.height)) {
      throw new IllegalArgumentException("cannot start height " + height + " at height " + this.height);
    }
    begin();
    enterHeight(height);
    startRound(0);
    for (ConsensusMessage message : inbox.takeHeld(height)) {
      inbox.receive(message, log, height, round, false, out);
    }
    progress();
    return end();
  }

  /**
   * Restarts a fresh core at {@code height} from the WAL after a crash. The entries of that height
   * restore the lock, the valid value with the prevotes that justify it, the round and step, and
   * what was sent; every sent message is broadcast again, since peers may have missed it when the
   * node went down. Nothing of this height is sent twice differently: the restored step is the one
   * after the last message sent, and a round is never re-entered.
   *
   * @param height the first height whose block is not committed
   * @param wal the node's WAL in append order; entries of other heights are ignored
   * @throws IllegalStateException if this core already started, or the WAL holds two different
   *     messages for one slot (it was not written by a correct core)
   */
  public List<Action> recover(long height, List<WalEntry<V>> wal) {
    if (started) {
      throw new IllegalStateException("recover a fresh core only");
    }
    List<WalEntry<V>> entries = wal.stream().filter(e -> e.height() == height).toList();
    if (entries.isEmpty()) {
      return start(height);
    }
    begin();
    enterHeight(height);
    int lastRound = -1;
    Step lastStep = Step.PROPOSE;
    for (WalEntry<V> entry : entries) {
      ConsensusMessage message = entry.message();
      Slot slot = new Slot(message.round(), message.kind());
      ConsensusMessage earlier = sent.putIfAbsent(slot, message);
      if (earlier != null && !earlier.sameStatementAs(message)) {
        throw new IllegalStateException("WAL holds two messages for one slot: " + earlier + ", " + message);
      }
      if (earlier == null) {
        log.add(message);
      }
      for (Vote prevote : entry.validRoundProof()) {
        restore(prevote);
      }
      Step after = message.kind().stepAfterSending();
      if (message.round() > lastRound || (message.round() == lastRound && after.atLeast(lastStep))) {
        lastRound = message.round();
        lastStep = after;
      }
      lockedValue = entry.lockedValue();
      lockedRound = entry.lockedRound();
      validValue = entry.validValue();
      validRound = entry.validRound();
    }
    round = lastRound;
    step = lastStep;
    for (ConsensusMessage message : sent.values()) {
      out.add(new Action.Broadcast(message));
    }
    progress();
    return end();
  }

  /** A proposal from a peer. */
  public List<Action> onProposal(Proposal<V> proposal) {
    return onMessage(proposal);
  }

  /** A vote from a peer. */
  public List<Action> onVote(Vote vote) {
    return onMessage(vote);
  }

  /** A timer from an earlier {@link Action.ScheduleTimeout} fired; stale ones change nothing. */
  public List<Action> onTimeout(long height, int round, Step step) {
    requireStarted();
    begin();
    if (decision == null && height == this.height && round == this.round) {
      switch (step) {
        case PROPOSE -> {
          if (this.step == Step.PROPOSE) {
            prevote(null);
          }
        }
        case PREVOTE -> {
          if (this.step == Step.PREVOTE) {
            precommit(null);
          }
        }
        case PRECOMMIT -> startRound(round + 1);
      }
      progress();
    }
    return end();
  }

  /**
   * Catch-up: a block of the current height that the others decided while this validator was
   * away, fetched from a peer with its certificate. On success this decides it, as rule 7 would.
   *
   * @throws InvalidCertificateException if the certificate does not prove {@code value} decided at
   *     the current height, or the certified value is not valid here
   */
  public List<Action> onCommit(V value, CommitCertificate certificate) throws InvalidCertificateException {
    requireStarted();
    begin();
    if (decision != null || certificate.height() < height) {
      return end();
    }
    CommitCertificate.verify(validators, config.payloads(), deps.authenticator(), height, value.id(), certificate);
    if (!isValid(value, certificate.round())) {
      throw new InvalidCertificateException("certified value " + value.id() + " is not valid at this validator");
    }
    decision = new Action.Decide<>(height, certificate.round(), value, certificate);
    out.add(decision);
    return end();
  }

  // ---------------------------------------------------------------- queries

  /**
   * What the node should re-send to its peers now and then, for gossip: every proposal and vote
   * held for the current height (this validator's and the first of each peer's), the prevotes
   * that justify its lock and valid value, and, once decided, the decision's precommits.
   *
   * <p>Algorithm 1 is live only if a message that reached one correct validator eventually reaches
   * all of them: a Byzantine validator can send its precommit to one validator only, letting that
   * one time out and move on while the rest wait for a 2f+1 they never see. Relaying what we hold
   * provides that property; an adapter may send a peer only the rounds it still needs.
   */
  public List<ConsensusMessage> gossip() {
    if (!started) {
      return List.of();
    }
    Set<ConsensusMessage> messages = new LinkedHashSet<>(sent.values());
    log.addFirstMessagesTo(messages);
    addPrevotes(messages, validRound, validValue);
    addPrevotes(messages, lockedRound, lockedValue);
    if (decision != null) {
      messages.addAll(decision.certificate().precommits());
    }
    return List.copyOf(messages);
  }

  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  public Step step() {
    return step;
  }

  public int lockedRound() {
    return lockedRound;
  }

  /** The locked value, or null. */
  public V lockedValue() {
    return lockedValue;
  }

  public int validRound() {
    return validRound;
  }

  /** The valid value, or null. */
  public V validValue() {
    return validValue;
  }

  /** Whether the current height is decided and waits for {@link #start} of the next. */
  public boolean isDecided() {
    return decision != null;
  }

  /** The equivocation evidence collected so far (bounded by the config), oldest first. */
  public List<Evidence> evidence() {
    return inbox.evidence().all();
  }

  /** Returns the evidence collected so far and forgets it, for moving it into a block. */
  public List<Evidence> drainEvidence() {
    return inbox.evidence().drain();
  }

  // ---------------------------------------------------------------- admission

  private List<Action> onMessage(ConsensusMessage message) {
    requireStarted();
    begin();
    inbox.receive(message, log, height, round, decision != null, out);
    progress();
    return end();
  }

  // ---------------------------------------------------------------- rules

  private void progress() {
    boolean changed = true;
    while (changed && decision == null) {
      changed = decideRule7()
          || skipRoundRule8()
          || prevoteOnProposalRules1And2()
          || scheduleTimeoutRule3()
          || lockRule4()
          || precommitNilRule5()
          || scheduleTimeoutRule6();
    }
  }

  private boolean decideRule7() {
    for (RoundMessages<V> messages : log.rounds().values()) {
      Proposal<V> proposal = messages.proposal;
      if (proposal != null
          && messages.precommits.count(proposal.blockId()) >= validators.quorum()
          && isValid(proposal.value(), proposal.round())) {
        CommitCertificate certificate = CommitCertificate.of(messages.precommits.votesFor(proposal.blockId()));
        decision = new Action.Decide<>(height, proposal.round(), proposal.value(), certificate);
        out.add(decision);
        return true;
      }
    }
    return false;
  }

  private boolean skipRoundRule8() {
    int target = -1;
    for (Map.Entry<Integer, RoundMessages<V>> entry : log.rounds().tailMap(round, false).entrySet()) {
      if (entry.getValue().senders.size() >= validators.weakQuorum()) {
        target = entry.getKey();
      }
    }
    if (target < 0) {
      return false;
    }
    startRound(target);
    return true;
  }

  private boolean prevoteOnProposalRules1And2() {
    Proposal<V> proposal = currentProposal();
    if (step != Step.PROPOSE || proposal == null) {
      return false;
    }
    Hash id = proposal.blockId();
    int vr = proposal.validRound();
    if (vr == -1) {
      boolean accept = isValid(proposal.value(), round) && (lockedRound == -1 || lockedValue.id().equals(id));
      prevote(accept ? id : null);
      return true;
    }
    RoundMessages<V> proofRound = log.existing(vr);
    if (proofRound == null || proofRound.prevotes.count(id) < validators.quorum()) {
      return false;
    }
    boolean accept = isValid(proposal.value(), round) && (lockedRound <= vr || lockedValue.id().equals(id));
    prevote(accept ? id : null);
    return true;
  }

  private boolean scheduleTimeoutRule3() {
    if (step != Step.PREVOTE || prevoteTimeoutScheduled || currentVotes(VoteType.PREVOTE) < validators.quorum()) {
      return false;
    }
    prevoteTimeoutScheduled = true;
    scheduleTimeout(Step.PREVOTE);
    return true;
  }

  private boolean lockRule4() {
    Proposal<V> proposal = currentProposal();
    if (lockRuleFired || !step.atLeast(Step.PREVOTE) || proposal == null
        || log.existing(round).prevotes.count(proposal.blockId()) < validators.quorum()
        || !isValid(proposal.value(), round)) {
      return false;
    }
    lockRuleFired = true;
    validValue = proposal.value();
    validRound = round;
    if (step == Step.PREVOTE) {
      lockedValue = proposal.value();
      lockedRound = round;
      precommit(proposal.blockId());
    }
    return true;
  }

  private boolean precommitNilRule5() {
    RoundMessages<V> messages = log.existing(round);
    if (step != Step.PREVOTE || messages == null || messages.prevotes.count(null) < validators.quorum()) {
      return false;
    }
    precommit(null);
    return true;
  }

  private boolean scheduleTimeoutRule6() {
    if (precommitTimeoutScheduled || currentVotes(VoteType.PRECOMMIT) < validators.quorum()) {
      return false;
    }
    precommitTimeoutScheduled = true;
    scheduleTimeout(Step.PRECOMMIT);
    return true;
  }

  // ---------------------------------------------------------------- transitions and sending

  private void enterHeight(long newHeight) {
    started = true;
    height = newHeight;
    round = 0;
    step = Step.PROPOSE;
    lockedValue = null;
    lockedRound = -1;
    validValue = null;
    validRound = -1;
    decision = null;
    log = new MessageLog<>();
    sent.clear();
    validity.clear();
    resetRoundFlags();
  }

  private void startRound(int newRound) {
    round = newRound;
    step = Step.PROPOSE;
    resetRoundFlags();
    if (!self.equals(deps.proposers().proposer(height, newRound))) {
      scheduleTimeout(Step.PROPOSE);
      return;
    }
    ConsensusMessage earlier = sent.get(new Slot(newRound, MessageKind.PROPOSAL));
    if (earlier != null) {
      out.add(new Action.Broadcast(earlier));
      return;
    }
    V value = validValue != null ? validValue : deps.source().newValue(height, newRound);
    byte[] payload = config.payloads().proposal(height, newRound, value.id(), validRound);
    send(new Proposal<>(height, newRound, value.id(), value, validRound, self, deps.signer().sign(payload)));
  }

  private void prevote(Hash blockIdOrNull) {
    sendVote(VoteType.PREVOTE, blockIdOrNull);
    step = Step.PREVOTE;
  }

  private void precommit(Hash blockIdOrNull) {
    sendVote(VoteType.PRECOMMIT, blockIdOrNull);
    step = Step.PRECOMMIT;
  }

  private void sendVote(VoteType type, Hash blockIdOrNull) {
    byte[] payload = config.payloads().vote(height, round, type, blockIdOrNull, self);
    send(new Vote(type, height, round, blockIdOrNull, self, deps.signer().sign(payload)));
  }

  /** Persist, then broadcast, then count it ourselves: the order the WAL rule needs. */
  private void send(ConsensusMessage message) {
    Slot slot = new Slot(message.round(), message.kind());
    ConsensusMessage earlier = sent.get(slot);
    if (earlier != null) {
      if (!earlier.sameStatementAs(message)) {
        throw new IllegalStateException("would equivocate: sent " + earlier + ", now " + message);
      }
      out.add(new Action.Broadcast(earlier));
      return;
    }
    sent.put(slot, message);
    out.add(new Action.Persist<>(
        new WalEntry<>(message, lockedValue, lockedRound, validValue, validRound, validRoundProof())));
    out.add(new Action.Broadcast(message));
    log.add(message);
  }

  private void scheduleTimeout(Step timeoutStep) {
    out.add(new Action.ScheduleTimeout(height, round, timeoutStep, config.timeouts().delayMillis(timeoutStep, round)));
  }

  // ---------------------------------------------------------------- helpers

  private Proposal<V> currentProposal() {
    RoundMessages<V> messages = log.existing(round);
    return messages == null ? null : messages.proposal;
  }

  private int currentVotes(VoteType type) {
    RoundMessages<V> messages = log.existing(round);
    return messages == null ? 0 : messages.votes(type).countAny();
  }

  private boolean isValid(V value, int proposalRound) {
    return validity.computeIfAbsent(
        new ValidityKey(value.id(), proposalRound), key -> deps.validator().isValid(value, height, proposalRound));
  }

  private List<Vote> validRoundProof() {
    RoundMessages<V> proof = validRound < 0 ? null : log.existing(validRound);
    return proof == null ? List.of() : proof.prevotes.votesFor(validValue.id());
  }

  /** Puts back a peer's vote that a WAL entry kept; it was authenticated when it first arrived. */
  private void restore(Vote vote) {
    ConsensusMessage first = log.firstFor(vote);
    if (first == null) {
      log.add(vote);
    } else if (!first.sameStatementAs(vote)) {
      log.addSupportIfProposed(vote);
    }
  }

  private void addPrevotes(Set<ConsensusMessage> messages, int proofRound, V value) {
    RoundMessages<V> proof = proofRound < 0 ? null : log.existing(proofRound);
    if (proof != null) {
      messages.addAll(proof.prevotes.votesFor(value.id()));
    }
  }

  private void resetRoundFlags() {
    prevoteTimeoutScheduled = false;
    lockRuleFired = false;
    precommitTimeoutScheduled = false;
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("start or recover the core first");
    }
  }

  private void begin() {
    out = new ArrayList<>();
  }

  private List<Action> end() {
    List<Action> actions = List.copyOf(out);
    out = null;
    return actions;
  }
}

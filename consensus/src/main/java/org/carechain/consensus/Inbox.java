package org.carechain.consensus;

import java.util.List;

/**
 * Where peers' messages arrive: past heights are ignored, the next height is held, the current
 * height goes through {@link MessageAdmission} into the message log, and equivocation becomes
 * evidence.
 */
final class Inbox<V extends ProposedValue> {

  private final String self;
  private final MessageAdmission<V> admission;
  private final FutureMessages held;
  private final EvidenceLog evidence;

  Inbox(ConsensusConfig config, CoreDependencies<V> deps) {
    this.self = config.self();
    this.admission = new MessageAdmission<>(config, deps);
    this.held = new FutureMessages(config.futureMessagesPerValidator());
    this.evidence = new EvidenceLog(config.maxEvidence());
  }

  /** Files {@code message}; anything dropped is reported in {@code out}. */
  void receive(ConsensusMessage message, MessageLog<V> log, long height, int round, boolean decided, List<Action> out) {
    if (message.sender().equals(self)) {
      return; // our own messages come back from the WAL, never from the network
    }
    if (message.height() < height || (message.height() == height && decided)) {
      return; // stale: routine with gossip
    }
    if (message.height() > height) {
      hold(message, height, out);
      return;
    }
    MessageAdmission.Result result = admission.admit(message, log, height, round);
    switch (result.verdict()) {
      case STORE -> log.add(message);
      case IGNORE -> { }
      case DROP -> out.add(new Action.Dropped(message, result.reason()));
      case EQUIVOCATION -> equivocation(result.conflictingWith(), message, log, out);
    }
  }

  /** The held messages of {@code height}, in arrival order; older ones are forgotten. */
  List<ConsensusMessage> takeHeld(long height) {
    return held.take(height);
  }

  EvidenceLog evidence() {
    return evidence;
  }

  private void hold(ConsensusMessage message, long height, List<Action> out) {
    if (message.height() > height + 1) {
      out.add(new Action.Dropped(message, "height " + message.height() + " is beyond the next height "
          + (height + 1) + "; this validator must catch up"));
      return;
    }
    // The proposer of the next height depends on the block not yet committed, so that check waits
    // for the replay; the signature can be checked now, so junk never takes a sender's quota.
    String malformed = admission.problemWith(message, height);
    if (malformed != null) {
      out.add(new Action.Dropped(message, malformed));
    } else if (held.holds(message)) {
      return;
    } else if (!admission.isAuthentic(message)) {
      out.add(new Action.Dropped(message, "signature does not verify"));
    } else if (!held.offer(message)) {
      out.add(new Action.Dropped(message, "next-height buffer full for " + message.sender()));
    }
  }

  private void equivocation(ConsensusMessage first, ConsensusMessage second, MessageLog<V> log, List<Action> out) {
    if (evidence.record(Evidence.of(first, second))) {
      out.add(new Action.Dropped(second, "equivocation: " + first.sender() + " already sent " + first));
    }
    if (second instanceof Vote vote) {
      log.addSupportIfProposed(vote);
    }
  }
}

package org.carechain.consensus;

import java.util.Objects;

/**
 * What the core asks its node to do. The node carries out the actions of one event in list order;
 * the order is part of the contract: a {@link Persist} always comes before the {@link Broadcast}
 * of the message it records, and a {@link Decide} before anything of the next height.
 */
public sealed interface Action {

  /** Durably append {@code entry} to the write-ahead log before doing anything that follows. */
  record Persist<V extends ProposedValue>(WalEntry<V> entry) implements Action {
    public Persist {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** Send {@code message} to every other validator (the core has already counted it itself). */
  record Broadcast(ConsensusMessage message) implements Action {
    public Broadcast {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * After {@code delayMillis}, call {@link ConsensusCore#onTimeout(long, int, Step)} with these
   * arguments. Timers are never cancelled: the core ignores one that no longer applies.
   */
  record ScheduleTimeout(long height, int round, Step step, long delayMillis) implements Action {
    public ScheduleTimeout {
      Objects.requireNonNull(step, "step");
    }
  }

  /**
   * {@code value} is decided at {@code height}. Commit it with its certificate, then call {@link
   * ConsensusCore#start(long)} for the next height; until then the core buffers that height's
   * messages.
   */
  record Decide<V extends ProposedValue>(long height, int round, V value, CommitCertificate certificate)
      implements Action {
    public Decide {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /**
   * A peer's message was rejected and changed nothing; for the log and for peer scoring.
   * Duplicates and messages of past heights are ignored silently instead, since gossip makes them
   * routine.
   */
  record Dropped(ConsensusMessage message, String reason) implements Action {
    public Dropped {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(reason, "reason");
    }
  }
}

package org.carechain.consensus;

import java.util.Objects;

/**
 * The fixed settings of one validator's core.
 *
 * @param self this validator's id
 * @param futureRoundsPerValidator how many rounds above ours one validator may fill in our message
 *     log; each correct validator needs only its current round or two, and the bound keeps a
 *     Byzantine one from making us store votes for millions of rounds
 * @param futureMessagesPerValidator how many messages of the next height we hold per validator
 *     until we start that height
 * @param maxEvidence how many equivocation records are kept; later ones are not recorded
 */
public record ConsensusConfig(
    String self,
    SigningPayloads payloads,
    TimeoutSchedule timeouts,
    int futureRoundsPerValidator,
    int futureMessagesPerValidator,
    int maxEvidence) {

  public ConsensusConfig {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(timeouts, "timeouts");
    if (futureRoundsPerValidator < 1 || futureMessagesPerValidator < 0 || maxEvidence < 0) {
      throw new IllegalArgumentException("limits are positive");
    }
  }

  /** Default limits: 2 future rounds and 16 next-height messages per validator, 1,024 evidence records. */
  public static ConsensusConfig of(String self, SigningPayloads payloads, TimeoutSchedule timeouts) {
    return new ConsensusConfig(self, payloads, timeouts, 2, 16, 1024);
  }
}

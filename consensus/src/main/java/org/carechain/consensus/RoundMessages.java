package org.carechain.consensus;

import java.util.HashSet;
import java.util.Set;

/** What this validator holds for one round of the current height. */
final class RoundMessages<V extends ProposedValue> {

  /** The first authentic proposal from the round's proposer, if any. */
  Proposal<V> proposal;

  final VoteSet prevotes = new VoteSet();
  final VoteSet precommits = new VoteSet();
  /** Validators with any message in this round, for rule 8's f+1. */
  final Set<String> senders = new HashSet<>();

  VoteSet votes(VoteType type) {
    return type == VoteType.PREVOTE ? prevotes : precommits;
  }
}

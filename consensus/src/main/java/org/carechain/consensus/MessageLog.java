package org.carechain.consensus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carechain.crypto.Hash;

/** The messages of the current height, by round. A new height starts with a new log. */
final class MessageLog<V extends ProposedValue> {

  private final TreeMap<Integer, RoundMessages<V>> rounds = new TreeMap<>();
  private final Map<String, TreeSet<Integer>> roundsBySender = new HashMap<>();
  private final Set<Hash> proposedIds = new HashSet<>();

  /** The round's messages, or null if nothing arrived for it. */
  RoundMessages<V> existing(int round) {
    return rounds.get(round);
  }

  NavigableMap<Integer, RoundMessages<V>> rounds() {
    return rounds;
  }

  /** The message already held for {@code message}'s sender, round and kind, or null. */
  ConsensusMessage firstFor(ConsensusMessage message) {
    RoundMessages<V> messages = rounds.get(message.round());
    if (messages == null) {
      return null;
    }
    if (message instanceof Vote vote) {
      return messages.votes(vote.type()).firstVoteOf(vote.validator());
    }
    return messages.proposal;
  }

  /** Stores a message whose slot is empty. */
  @SuppressWarnings("unchecked")
  void add(ConsensusMessage message) {
    RoundMessages<V> messages = rounds.computeIfAbsent(message.round(), r -> new RoundMessages<>());
    if (message instanceof Vote vote) {
      messages.votes(vote.type()).addFirst(vote);
    } else {
      messages.proposal = (Proposal<V>) message;
      proposedIds.add(messages.proposal.blockId());
    }
    messages.senders.add(message.sender());
    roundsBySender.computeIfAbsent(message.sender(), s -> new TreeSet<>()).add(message.round());
  }

  /** Counts an equivocator's second vote for its block, if that block was proposed at this height. */
  void addSupportIfProposed(Vote vote) {
    if (!vote.isNil() && proposedIds.contains(vote.blockId())) {
      rounds.get(vote.round()).votes(vote.type()).addSupport(vote);
    }
  }

  /** Adds every proposal and every validator's first vote, by round, for gossip. */
  void addFirstMessagesTo(Set<ConsensusMessage> messages) {
    for (RoundMessages<V> messagesOfRound : rounds.values()) {
      if (messagesOfRound.proposal != null) {
        messages.add(messagesOfRound.proposal);
      }
      messages.addAll(messagesOfRound.prevotes.firstVotes());
      messages.addAll(messagesOfRound.precommits.firstVotes());
    }
  }

  /** How many rounds above {@code round} {@code sender} already has messages in. */
  int roundsAbove(String sender, int round) {
    TreeSet<Integer> senderRounds = roundsBySender.get(sender);
    return senderRounds == null ? 0 : senderRounds.tailSet(round, false).size();
  }

  boolean hasMessagesIn(String sender, int round) {
    TreeSet<Integer> senderRounds = roundsBySender.get(sender);
    return senderRounds != null && senderRounds.contains(round);
  }
}

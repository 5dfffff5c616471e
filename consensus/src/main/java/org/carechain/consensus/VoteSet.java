package org.carechain.consensus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.Hash;

/**
 * The votes of one type in one round.
 *
 * <p>Each validator's first vote is its vote: it counts towards "2f+1 of any" and towards its
 * block. An equivocator's later vote for a block that was actually proposed is also counted
 * towards that block (only there), see {@link #addSupport}. That never helps an attacker: a
 * quorum for a block is a set of validators that signed for it, so two quorums still overlap in a
 * correct validator, who signs once. It does stop an equivocator from showing each half of the
 * network a different vote so that neither half can see a quorum it needs for rule 2.
 */
final class VoteSet {

  private final Map<String, Vote> firstVotes = new LinkedHashMap<>();
  /** Keyed by block id; the null key holds nil votes. */
  private final Map<Hash, Map<String, Vote>> byBlock = new HashMap<>();

  Vote firstVoteOf(String validator) {
    return firstVotes.get(validator);
  }

  /** Records {@code vote} as its validator's vote; the caller has checked there was none. */
  void addFirst(Vote vote) {
    firstVotes.put(vote.validator(), vote);
    byBlock.computeIfAbsent(vote.blockId(), id -> new LinkedHashMap<>()).put(vote.validator(), vote);
  }

  /** Counts an equivocator's conflicting, authentic vote towards its (proposed) block only. */
  void addSupport(Vote vote) {
    byBlock.computeIfAbsent(vote.blockId(), id -> new LinkedHashMap<>()).putIfAbsent(vote.validator(), vote);
  }

  /** How many validators voted for {@code blockIdOrNull} ({@code null}: nil). */
  int count(Hash blockIdOrNull) {
    Map<String, Vote> votes = byBlock.get(blockIdOrNull);
    return votes == null ? 0 : votes.size();
  }

  /** How many validators voted at all. */
  int countAny() {
    return firstVotes.size();
  }

  /** The votes for {@code blockId}, ordered by validator id. */
  List<Vote> votesFor(Hash blockId) {
    Map<String, Vote> votes = byBlock.get(blockId);
    if (votes == null) {
      return List.of();
    }
    List<Vote> sorted = new ArrayList<>(votes.values());
    sorted.sort(Comparator.comparing(Vote::validator));
    return sorted;
  }

  Collection<Vote> firstVotes() {
    return firstVotes.values();
  }
}

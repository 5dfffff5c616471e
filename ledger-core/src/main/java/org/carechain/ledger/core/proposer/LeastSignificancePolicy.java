package org.carechain.ledger.core.proposer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The default policy, from the paper's reference implementation: the least significant validator
 * proposes, so that providers that contribute little are given the block reward first, unless
 * someone has waited at least T since its last proposal.
 *
 * <p>Ranking: the starving validators (parent time − last(v) ≥ T) by last(v) ascending, ties by id;
 * then the others by (significance ascending, id ascending). proposer(h, r) = ranking[r mod n].
 */
public final class LeastSignificancePolicy implements ProposerPolicy {

  private final long height;
  private final List<String> ranking;

  private LeastSignificancePolicy(long height, List<String> ranking) {
    this.height = height;
    this.ranking = ranking;
  }

  public static LeastSignificancePolicy of(ProposerState state) {
    long threshold = state.genesis().starvingThresholdMillis();
    Map<String, Long> last = state.lastProposedAtMillis();
    Map<String, Long> significance = state.significanceNano();
    List<String> starving = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String validator : state.validators()) {
      long waited = Math.subtractExact(state.parentTimeMillis(), last.get(validator));
      (waited >= threshold ? starving : others).add(validator);
    }
    starving.sort(Comparator.<String, Long>comparing(last::get).thenComparing(id -> id));
    others.sort(Comparator.<String, Long>comparing(significance::get).thenComparing(id -> id));
    List<String> ranking = new ArrayList<>(starving);
    ranking.addAll(others);
    return new LeastSignificancePolicy(state.height(), List.copyOf(ranking));
  }

  @Override
  public String proposer(long height, int round) {
    PolicyChecks.requireHeightAndRound(this.height, height, round);
    return ranking.get(round % ranking.size());
  }

  /** Every validator, in the order rounds take them. */
  public List<String> ranking() {
    return ranking;
  }
}

package org.carechain.consensus;

/**
 * The spec's valid(v): parent, height, proposer, timestamp, transactions, limits and state roots
 * all check out. It must be a pure function of the committed chain and its arguments: the core
 * caches its answer per (value id, round) for the height.
 */
@FunctionalInterface
public interface ValueValidator<V extends ProposedValue> {

  /** @param round the round of the proposal that carries {@code value} */
  boolean isValid(V value, long height, int round);
}

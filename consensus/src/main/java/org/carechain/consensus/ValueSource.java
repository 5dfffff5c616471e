package org.carechain.consensus;

/** Builds a new value (block) when this validator proposes and has no valid value to re-propose. */
@FunctionalInterface
public interface ValueSource<V extends ProposedValue> {

  V newValue(long height, int round);
}

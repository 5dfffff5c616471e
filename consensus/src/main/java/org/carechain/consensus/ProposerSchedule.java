package org.carechain.consensus;

/**
 * Who proposes at (height, round). The ledger computes it from the committed state after height−1
 * (docs/ledger-protocol.md §3), identically on every validator.
 */
@FunctionalInterface
public interface ProposerSchedule {

  String proposer(long height, int round);
}

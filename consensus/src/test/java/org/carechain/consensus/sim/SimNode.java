package org.carechain.consensus.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.ConsensusCore;
import org.carechain.consensus.testing.TestValue;
import org.carechain.crypto.Hash;

/**
 * One simulated validator: a core while it is up, and what survives a crash, namely its WAL (as
 * bytes, the way a durable one would hold it) and its committed chain.
 */
final class SimNode {

  record Commit(TestValue value, CommitCertificate certificate) {}

  record WalRecord(long height, byte[] bytes) {}

  final String id;
  /** Null for a correct validator. */
  final Strategy strategy;
  final List<WalRecord> wal = new ArrayList<>();
  final TreeMap<Long, Commit> chain = new TreeMap<>();
  /** Block ids this validator has seen proposed at its current height; Byzantine ones vote for them. */
  final LinkedHashSet<Hash> seenIds = new LinkedHashSet<>();

  ConsensusCore<TestValue> core;
  /** Bumped by every crash, so timers and action lists of an earlier life are ignored. */
  int incarnation;
  long lastCatchUpRequest = Long.MIN_VALUE / 2;

  SimNode(String id, Strategy strategy) {
    this.id = id;
    this.strategy = strategy;
  }

  boolean isUp() {
    return core != null;
  }

  boolean isCorrect() {
    return strategy == null;
  }

  /** The first height whose block this validator has not committed; genesis is height 0. */
  long nextHeight() {
    return chain.isEmpty() ? 1 : chain.lastKey() + 1;
  }

  @Override
  public String toString() {
    return id + (isCorrect() ? "" : "(" + strategy + ")")
        + (isUp() ? "@h" + core.height() + "/r" + core.round() + "/" + core.step() : " down");
  }
}

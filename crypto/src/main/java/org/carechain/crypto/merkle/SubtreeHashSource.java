package org.carechain.crypto.merkle;

import org.carechain.crypto.Hash;

/**
 * Where a Merkle log keeps its hashes. This is the only operation that proof and root computation
 * need from storage; {@link ProofNodes} decides which nodes to ask for.
 */
@FunctionalInterface
public interface SubtreeHashSource {

  /**
   * The hash of the complete subtree {@code node}: the leaf hash at level 0, otherwise the RFC 6962
   * node hash of its two halves.
   *
   * @throws IllegalArgumentException if the source does not hold every leaf of {@code node}
   */
  Hash subtreeHash(NodeId node);
}

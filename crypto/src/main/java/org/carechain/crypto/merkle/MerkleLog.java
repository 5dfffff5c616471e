package org.carechain.crypto.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * An append-only RFC 6962 Merkle log held in memory.
 *
 * <p>It stores the hash of every complete subtree as soon as its last leaf arrives (about 2n hashes
 * for n leaves, 64 bytes per leaf), so appending costs one leaf hash plus amortised one node hash,
 * and a root or proof for any earlier size costs O(log n) lookups and hashes, never a rehash of
 * the leaves.
 *
 * <p>Not thread-safe: callers that share a log must synchronise all access to it.
 */
public final class MerkleLog implements SubtreeHashSource {

  private final Rfc6962Hasher hasher = Rfc6962Hasher.create();
  /** {@code levels.get(k)} holds the complete subtrees of {@code 2^k} leaves, left to right. */
  private final List<HashArray> levels = new ArrayList<>();

  private MerkleLog() {
    levels.add(new HashArray());
  }

  /** An empty log. */
  public static MerkleLog create() {
    return new MerkleLog();
  }

  /** The number of leaves. */
  public long size() {
    return levels.get(0).size();
  }

  /** Hashes {@code leafData} as an RFC 6962 leaf, appends it and returns its index. */
  public long appendLeaf(byte[] leafData) {
    return appendLeafHash(hasher.hashLeaf(leafData));
  }

  /** Appends a leaf whose RFC 6962 leaf hash was computed elsewhere and returns its index. */
  public long appendLeafHash(Hash leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    long index = size();
    levels.get(0).add(leafHash);
    // Each trailing one bit of the index closes a complete subtree one level up.
    long node = index;
    for (int level = 0; (node & 1) == 1; level++, node >>>= 1) {
      if (levels.size() == level + 1) {
        levels.add(new HashArray());
      }
      levels.get(level + 1).addParentOf(levels.get(level), node - 1, hasher);
    }
    return index;
  }

  /** The leaf hash at {@code index}. */
  public Hash leafHash(long index) {
    return subtreeHash(new NodeId(0, index));
  }

  /** The root of the whole log. */
  public Hash root() {
    return rootAt(size());
  }

  /** The current size and root. */
  public TreeHead treeHead() {
    return new TreeHead(size(), root());
  }

  /**
   * The root of the log as it was at {@code treeSize} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= treeSize <= size()}
   */
  public Hash rootAt(long treeSize) {
    requireSizeAtMost(treeSize, "tree size");
    if (treeSize == 0) {
      return hasher.emptyRoot();
    }
    return ProofNodes.root(treeSize).fetch(this, hasher).get(0);
  }

  /** The size and root at {@code treeSize} leaves; see {@link #rootAt}. */
  public TreeHead treeHeadAt(long treeSize) {
    return new TreeHead(treeSize, rootAt(treeSize));
  }

  /**
   * The inclusion proof of leaf {@code leafIndex} in the log as it was at {@code treeSize} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize <= size()}
   */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    requireSizeAtMost(treeSize, "tree size");
    List<Hash> path = ProofNodes.inclusion(leafIndex, treeSize).fetch(this, hasher);
    return new InclusionProof(leafIndex, treeSize, path);
  }

  /**
   * The consistency proof between the log at {@code size1} and at {@code size2} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 < size1 <= size2 <= size()}
   */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    requireSizeAtMost(size2, "size2");
    List<Hash> path = ProofNodes.consistency(size1, size2).fetch(this, hasher);
    return new ConsistencyProof(size1, size2, path);
  }

  @Override
  public Hash subtreeHash(NodeId node) {
    if (node.end() > size()) {
      throw new IllegalArgumentException(
          "node " + node + " is not complete in a log of " + size() + " leaves");
    }
    return levels.get(node.level()).get(node.index());
  }

  @Override
  public String toString() {
    return "MerkleLog{size=" + size() + "}";
  }

  private void requireSizeAtMost(long treeSize, String name) {
    if (treeSize < 0 || treeSize > size()) {
      throw new IllegalArgumentException(
          name + " " + treeSize + " is outside 0.." + size() + " (the log's size)");
    }
  }
}

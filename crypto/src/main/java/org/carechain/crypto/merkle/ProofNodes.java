package org.carechain.crypto.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * Which stored nodes a proof (or a root) needs, and how to turn their hashes into the proof.
 *
 * <p>This depends only on sizes and indices, never on storage, so that the in-memory
 * {@link MerkleLog} and a database-backed log share it: ask for {@link #ids()} in one batch, then
 * {@link #rehash} the answers.
 *
 * <p>Every element of an RFC 6962 proof is the tree hash of some leaf range. Most of those ranges
 * are complete subtrees, so each is one stored node. At most one range per proof is not: the one
 * that ends at the tree's right edge. That element is rebuilt from the complete subtrees that
 * cover it, at most one per level, so a proof for {@code n} leaves needs at most about
 * {@code 2 log2(n)} node lookups and hashes.
 */
public final class ProofNodes {

  private final List<NodeId> ids;
  private final int[] nodesPerElement;

  private ProofNodes(List<NodeId> ids, int[] nodesPerElement) {
    this.ids = Collections.unmodifiableList(ids);
    this.nodesPerElement = nodesPerElement;
  }

  /**
   * The nodes of the inclusion proof (RFC 6962 {@code PATH}) for leaf {@code leafIndex} in the tree
   * of size {@code treeSize}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize}
   */
  public static ProofNodes inclusion(long leafIndex, long treeSize) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + leafIndex + " is not in a tree of size " + treeSize);
    }
    // Walk down from the root as the RFC's recursion does, noting the sibling range at each split;
    // the proof lists them bottom-up, so they are reversed at the end.
    List<long[]> ranges = new ArrayList<>(64);
    long low = 0;
    long high = treeSize;
    while (high - low > 1) {
      long split = largestPowerOfTwoBelow(high - low);
      if (leafIndex < low + split) {
        ranges.add(new long[] {low + split, high});
        high = low + split;
      } else {
        ranges.add(new long[] {low, low + split});
        low += split;
      }
    }
    Collections.reverse(ranges);
    return fromRanges(ranges);
  }

  /**
   * The nodes of the consistency proof (RFC 6962 {@code PROOF}) from size {@code size1} to size
   * {@code size2}. Equal sizes need no nodes.
   *
   * @throws IllegalArgumentException unless {@code 0 < size1 <= size2}
   */
  public static ProofNodes consistency(long size1, long size2) {
    if (size1 <= 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "a consistency proof needs 0 < size1 <= size2, got " + size1 + " and " + size2);
    }
    List<long[]> ranges = new ArrayList<>(64);
    long low = 0;
    long high = size2;
    // RFC 6962 SUBPROOF's flag b: whether the verifier already knows the hash of [low, high)
    // because it is the old root itself.
    boolean knownToVerifier = true;
    while (size1 != high) {
      long split = largestPowerOfTwoBelow(high - low);
      if (size1 - low <= split) {
        ranges.add(new long[] {low + split, high});
        high = low + split;
      } else {
        ranges.add(new long[] {low, low + split});
        low += split;
        knownToVerifier = false;
      }
    }
    if (!knownToVerifier) {
      ranges.add(new long[] {low, high});
    }
    Collections.reverse(ranges);
    return fromRanges(ranges);
  }

  /**
   * The nodes whose combination is the root of the tree of size {@code treeSize}: one element, or
   * none for the empty tree (whose root is {@link Rfc6962Hasher#EMPTY_ROOT}).
   *
   * @throws IllegalArgumentException if {@code treeSize} is negative
   */
  public static ProofNodes root(long treeSize) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must be >= 0, got " + treeSize);
    }
    return treeSize == 0 ? fromRanges(List.of()) : fromRanges(List.of(new long[] {0, treeSize}));
  }

  /** The nodes to fetch, in the order {@link #rehash} expects their hashes. */
  public List<NodeId> ids() {
    return ids;
  }

  /** The number of hashes {@link #rehash} returns. */
  public int elementCount() {
    return nodesPerElement.length;
  }

  /**
   * Combines the hashes of {@link #ids()} into the proof elements.
   *
   * @param nodeHashes the hash of each node of {@link #ids()}, in the same order
   * @throws IllegalArgumentException if the number of hashes differs from the number of ids
   */
  public List<Hash> rehash(List<Hash> nodeHashes, Rfc6962Hasher hasher) {
    if (nodeHashes.size() != ids.size()) {
      throw new IllegalArgumentException(
          "expected " + ids.size() + " node hashes, got " + nodeHashes.size());
    }
    List<Hash> elements = new ArrayList<>(nodesPerElement.length);
    int next = 0;
    for (int count : nodesPerElement) {
      // An element covering several complete subtrees is their right-leaning combination, which is
      // exactly how MTH splits a range at its largest power of two.
      int last = next + count - 1;
      Hash element = Objects.requireNonNull(nodeHashes.get(last), "node hash");
      for (int i = last - 1; i >= next; i--) {
        element = hasher.hashChildren(nodeHashes.get(i), element);
      }
      elements.add(element);
      next += count;
    }
    return elements;
  }

  /** Fetches every node from {@code source}, then {@link #rehash rehashes}. */
  public List<Hash> fetch(SubtreeHashSource source, Rfc6962Hasher hasher) {
    List<Hash> nodeHashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      nodeHashes.add(source.subtreeHash(id));
    }
    return rehash(nodeHashes, hasher);
  }

  @Override
  public String toString() {
    return "ProofNodes" + ids;
  }

  private static ProofNodes fromRanges(List<long[]> ranges) {
    List<NodeId> ids = new ArrayList<>(ranges.size() + 64);
    int[] nodesPerElement = new int[ranges.size()];
    for (int i = 0; i < ranges.size(); i++) {
      int before = ids.size();
      addCompleteSubtrees(ranges.get(i)[0], ranges.get(i)[1], ids);
      nodesPerElement[i] = ids.size() - before;
    }
    return new ProofNodes(ids, nodesPerElement);
  }

  /** Covers {@code [start, end)} left to right with the largest aligned complete subtrees. */
  private static void addCompleteSubtrees(long start, long end, List<NodeId> out) {
    while (start < end) {
      int level = 63 - Long.numberOfLeadingZeros(end - start);
      if (start != 0) {
        level = Math.min(level, Long.numberOfTrailingZeros(start));
      }
      out.add(new NodeId(level, start >>> level));
      start += 1L << level;
    }
  }

  /** The RFC's k: the largest power of two strictly less than {@code n}, for {@code n > 1}. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}

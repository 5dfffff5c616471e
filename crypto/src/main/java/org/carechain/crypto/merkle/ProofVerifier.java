package org.carechain.crypto.merkle;

import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * Verification of RFC 6962 inclusion and consistency proofs (the algorithms of RFC 9162 sections
 * 2.1.3.2 and 2.1.4.2, in the bit-arithmetic form of transparency-dev/merkle).
 *
 * <p>These are pure functions: the result depends only on the arguments. Each returns normally
 * only if the proof is valid and throws {@link ProofVerificationException} otherwise, so a caller
 * cannot forget to look at a result. {@code null} arguments, or {@code null} proof elements, are
 * programming errors and throw {@link NullPointerException}.
 *
 * <p>Each thread reuses one hasher, and the running hash is updated in place, so verifying a proof
 * allocates only a 32-byte buffer, whatever its length.
 */
public final class ProofVerifier {

  private static final ThreadLocal<Rfc6962Hasher> HASHER =
      ThreadLocal.withInitial(Rfc6962Hasher::create);

  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is leaf {@code leafIndex} of the tree of size {@code treeSize}
   * whose root is {@code root}.
   *
   * <p>Preconditions, each checked: {@code 0 <= leafIndex < treeSize}, and {@code proof} has exactly
   * the length that index and size determine.
   *
   * @throws ProofVerificationException if a precondition fails or the computed root differs
   */
  public static void verifyInclusion(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> proof, Hash root)
      throws ProofVerificationException {
    Objects.requireNonNull(root, "root");
    byte[] computed = chainInclusion(leafIndex, treeSize, leafHash, proof);
    if (!root.contentEquals(computed)) {
      throw new ProofVerificationException(
          "inclusion proof gives root " + Hash.of(computed) + ", expected " + root);
    }
  }

  /**
   * Checks {@code proof} for {@code leafHash} against {@code treeHead}.
   *
   * @throws ProofVerificationException also if the proof is for a different tree size
   */
  public static void verifyInclusion(InclusionProof proof, Hash leafHash, TreeHead treeHead)
      throws ProofVerificationException {
    if (proof.treeSize() != treeHead.size()) {
      throw new ProofVerificationException(
          "proof is for tree size " + proof.treeSize() + ", tree head has " + treeHead.size());
    }
    verifyInclusion(proof.leafIndex(), proof.treeSize(), leafHash, proof.path(), treeHead.root());
  }

  /**
   * The root that an inclusion proof leads to, under the preconditions of
   * {@link #verifyInclusion(long, long, Hash, List, Hash)}. The result means nothing until it is
   * compared with a trusted root.
   *
   * @throws ProofVerificationException if a precondition fails
   */
  public static Hash rootFromInclusionProof(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> proof)
      throws ProofVerificationException {
    return Hash.of(chainInclusion(leafIndex, treeSize, leafHash, proof));
  }

  /**
   * Checks that the tree of size {@code size1} with root {@code root1} is a prefix of the tree of
   * size {@code size2} with root {@code root2}.
   *
   * <p>Preconditions, each checked: {@code 0 < size1 <= size2}; if the sizes are equal the proof is
   * empty and the roots are equal; otherwise the proof has exactly the length the sizes determine.
   * A proof from the empty tree is rejected because it proves nothing.
   *
   * @throws ProofVerificationException if a precondition fails or either computed root differs
   */
  public static void verifyConsistency(
      long size1, long size2, List<Hash> proof, Hash root1, Hash root2)
      throws ProofVerificationException {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(root1, "root1");
    Objects.requireNonNull(root2, "root2");
    if (size1 < 0 || size2 < size1) {
      throw new ProofVerificationException(
          "consistency needs 0 <= size1 <= size2, got " + size1 + " and " + size2);
    }
    if (size1 == 0) {
      throw new ProofVerificationException("a consistency proof from the empty tree is not allowed");
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        throw new ProofVerificationException("sizes are equal but the proof is not empty");
      }
      if (!root1.equals(root2)) {
        throw new ProofVerificationException("sizes are equal but the roots differ");
      }
      return;
    }
    // The old tree's right edge is leaf size1 - 1, so the proof is the upper part of that leaf's
    // inclusion proof in the new tree, starting at the largest complete subtree ending at size1.
    int shift = Long.numberOfTrailingZeros(size1);
    int inner = innerProofSize(size1 - 1, size2) - shift;
    int border = Long.bitCount((size1 - 1) >>> (inner + shift));
    // That subtree's hash is the old root itself when size1 is a power of two, so the proof omits it.
    boolean seedIsOldRoot = size1 == 1L << shift;
    int start = seedIsOldRoot ? 0 : 1;
    if (proof.size() != start + inner + border) {
      throw new ProofVerificationException(
          "consistency proof has " + proof.size() + " hashes, sizes " + size1 + " and " + size2
              + " need " + (start + inner + border));
    }
    Hash seed = seedIsOldRoot ? root1 : proof.get(0);
    byte[] hash1 = seed.toByteArray();
    byte[] hash2 = seed.toByteArray();
    Rfc6962Hasher hasher = HASHER.get();
    long mask = (size1 - 1) >>> shift;
    for (int i = 0; i < inner; i++) {
      Hash sibling = proof.get(start + i);
      if (((mask >>> i) & 1) == 1) {
        hasher.chainWithLeftSibling(sibling, hash1);
        hasher.chainWithLeftSibling(sibling, hash2);
      } else {
        // A right sibling lies beyond size1, so it belongs to the new tree only.
        hasher.chainWithRightSibling(hash2, sibling);
      }
    }
    for (int i = start + inner; i < proof.size(); i++) {
      Hash sibling = proof.get(i);
      hasher.chainWithLeftSibling(sibling, hash1);
      hasher.chainWithLeftSibling(sibling, hash2);
    }
    if (!root1.contentEquals(hash1)) {
      throw new ProofVerificationException(
          "consistency proof gives old root " + Hash.of(hash1) + ", expected " + root1);
    }
    if (!root2.contentEquals(hash2)) {
      throw new ProofVerificationException(
          "consistency proof gives new root " + Hash.of(hash2) + ", expected " + root2);
    }
  }

  /**
   * Checks {@code proof} between two tree heads.
   *
   * @throws ProofVerificationException also if the proof is for different sizes than the heads
   */
  public static void verifyConsistency(ConsistencyProof proof, TreeHead older, TreeHead newer)
      throws ProofVerificationException {
    if (proof.size1() != older.size() || proof.size2() != newer.size()) {
      throw new ProofVerificationException(
          "proof is for sizes " + proof.size1() + " -> " + proof.size2() + ", tree heads have "
              + older.size() + " -> " + newer.size());
    }
    verifyConsistency(proof.size1(), proof.size2(), proof.path(), older.root(), newer.root());
  }

  private static byte[] chainInclusion(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> proof)
      throws ProofVerificationException {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(proof, "proof");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new ProofVerificationException(
          "leaf index " + leafIndex + " is not in a tree of size " + treeSize);
    }
    // Below the level where the paths to the leaf and to the tree's last leaf meet, every sibling is
    // a complete subtree on either side ("inner"); above it, siblings are only on the left
    // ("border"), one per set bit of the remaining index.
    int inner = innerProofSize(leafIndex, treeSize);
    int border = Long.bitCount(leafIndex >>> inner);
    if (proof.size() != inner + border) {
      throw new ProofVerificationException(
          "inclusion proof has " + proof.size() + " hashes, leaf " + leafIndex + " of "
              + treeSize + " needs " + (inner + border));
    }
    byte[] running = leafHash.toByteArray();
    Rfc6962Hasher hasher = HASHER.get();
    for (int i = 0; i < inner; i++) {
      if (((leafIndex >>> i) & 1) == 0) {
        hasher.chainWithRightSibling(running, proof.get(i));
      } else {
        hasher.chainWithLeftSibling(proof.get(i), running);
      }
    }
    for (int i = inner; i < proof.size(); i++) {
      hasher.chainWithLeftSibling(proof.get(i), running);
    }
    return running;
  }

  /** The number of levels below the point where the paths to {@code index} and to the last leaf meet. */
  private static int innerProofSize(long index, long size) {
    return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
  }
}

package org.carechain.crypto.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;

/**
 * RFC 6962 section 2.1 hashing with SHA-256.
 *
 * <p>The one-byte prefixes keep a leaf from ever hashing like an interior node, which would
 * otherwise let someone present an interior node as a leaf (a second-preimage attack).
 *
 * <p>An instance owns a {@link MessageDigest} and scratch space, so it is not thread-safe; create
 * one per thread or per object. Creating one costs a provider lookup, hashing then allocates only
 * the result.
 */
public final class Rfc6962Hasher {

  /** Prefix of a leaf hash input: {@code leafHash = SHA-256(0x00 || data)}. */
  public static final byte LEAF_PREFIX = 0x00;

  /** Prefix of an interior node hash input: {@code nodeHash = SHA-256(0x01 || left || right)}. */
  public static final byte NODE_PREFIX = 0x01;

  /** Root of the empty tree: SHA-256 of the empty string. */
  public static final Hash EMPTY_ROOT = Hash.sha256();

  private static final int NODE_INPUT_SIZE = 1 + 2 * Hash.SIZE;
  private static final int LEFT_OFFSET = 1;
  private static final int RIGHT_OFFSET = 1 + Hash.SIZE;

  private final MessageDigest digest = Sha256.newDigest();
  private final byte[] nodeInput = new byte[NODE_INPUT_SIZE];

  private Rfc6962Hasher() {
    nodeInput[0] = NODE_PREFIX;
  }

  public static Rfc6962Hasher create() {
    return new Rfc6962Hasher();
  }

  public Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  /** {@code SHA-256(0x00 || leafData)}. */
  public Hash hashLeaf(byte[] leafData) {
    Objects.requireNonNull(leafData, "leafData");
    digest.update(LEAF_PREFIX);
    digest.update(leafData);
    return Hash.of(digest.digest());
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public Hash hashChildren(Hash left, Hash right) {
    left.copyTo(nodeInput, LEFT_OFFSET);
    right.copyTo(nodeInput, RIGHT_OFFSET);
    digest.update(nodeInput);
    return Hash.of(digest.digest());
  }

  /**
   * The RFC's node hash over arbitrary byte strings; only the known-answer test feeds it anything but
   * 32-byte hashes.
   */
  Hash hashChildrenOfBytes(byte[] left, byte[] right) {
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return Hash.of(digest.digest());
  }

  /** Writes the node hash of two 32-byte children, read from arrays, into {@code out}. */
  void hashChildren(byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
    System.arraycopy(left, leftOffset, nodeInput, LEFT_OFFSET, Hash.SIZE);
    System.arraycopy(right, rightOffset, nodeInput, RIGHT_OFFSET, Hash.SIZE);
    digestNodeInto(out, outOffset);
  }

  /** {@code running = H(sibling, running)}, in place: the sibling is the left child. */
  void chainWithLeftSibling(Hash sibling, byte[] running) {
    sibling.copyTo(nodeInput, LEFT_OFFSET);
    System.arraycopy(running, 0, nodeInput, RIGHT_OFFSET, Hash.SIZE);
    digestNodeInto(running, 0);
  }

  /** {@code running = H(running, sibling)}, in place: the sibling is the right child. */
  void chainWithRightSibling(byte[] running, Hash sibling) {
    System.arraycopy(running, 0, nodeInput, LEFT_OFFSET, Hash.SIZE);
    sibling.copyTo(nodeInput, RIGHT_OFFSET);
    digestNodeInto(running, 0);
  }

  private void digestNodeInto(byte[] out, int outOffset) {
    digest.update(nodeInput, 0, NODE_INPUT_SIZE);
    try {
      digest.digest(out, outOffset, Hash.SIZE);
    } catch (DigestException e) {
      // Only thrown when the output space is smaller than the digest, which the callers rule out.
      throw new IllegalStateException(e);
    }
  }
}

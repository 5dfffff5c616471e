package org.carechain.crypto.sse.oxt;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * A proof that a key is, or is not, in the XSet committed to by a root hash ({@link XSetTree}).
 *
 * <p>It lists the sibling hashes along the key's path from the root down to where the path ends,
 * at depth d = the number of siblings, and what is there: nothing (the key is absent), the key's
 * own leaf (present), or the leaf of another key that shares the key's first d bits (absent: that
 * subtree holds only the other key). The verifier recomputes the root from the bottom up, reading
 * the key's bits to place each sibling left or right; with SHA-256 collision resistance, a proof
 * that reaches the root tells the truth about the committed set.
 */
public final class XSetProof {

  private final List<Hash> siblings;
  private final Hash terminalKey;

  private XSetProof(List<Hash> siblings, Hash terminalKey) {
    this.siblings = siblings;
    this.terminalKey = terminalKey;
  }

  /**
   * A proof from its parts, as the server sent them.
   *
   * @param siblings root first; at most 256
   * @param terminalKeyOrNull the key of the leaf where the path ends, or null if it ends in an
   *     empty subtree
   */
  public static XSetProof of(List<Hash> siblings, Hash terminalKeyOrNull) {
    Objects.requireNonNull(siblings, "siblings");
    if (siblings.size() > XSetHashing.KEY_BITS) {
      throw new IllegalArgumentException("an XSet proof has at most " + XSetHashing.KEY_BITS + " levels");
    }
    return new XSetProof(List.copyOf(siblings), terminalKeyOrNull);
  }

  /** The sibling hashes, root first. */
  public List<Hash> siblings() {
    return siblings;
  }

  /** The key of the leaf where the path ends, or null if it ends in an empty subtree. */
  public Hash terminalKey() {
    return terminalKey;
  }

  /** The proof's size on the wire: 32 bytes per sibling and per terminal key. */
  public int byteSize() {
    return Hash.SIZE * (siblings.size() + (terminalKey == null ? 0 : 1));
  }

  /**
   * Checks this proof for {@code key} against {@code root}.
   *
   * @return whether {@code key} is in the set
   * @throws OxtVerificationException if the proof does not lead to {@code root}, or its terminal
   *     leaf is off the key's path
   */
  public boolean verify(Hash root, Hash key) throws OxtVerificationException {
    byte[] keyBytes = key.toByteArray();
    byte[] bottom = bottomHash(keyBytes);
    if (!MessageDigest.isEqual(foldUp(keyBytes, bottom), root.toByteArray())) {
      throw new OxtVerificationException("an XSet proof does not lead to the signed XSet root");
    }
    return terminalKey != null && terminalKey.contentEquals(keyBytes);
  }

  /**
   * The root after inserting {@code key} into the set committed to by {@code root}, computed from
   * this proof alone: an owner that keeps only the root can follow the server's insertions, one
   * proof each, against the root as it advances.
   *
   * @throws OxtVerificationException if the proof does not verify against {@code root}
   */
  public Hash rootAfterInsert(Hash root, Hash key) throws OxtVerificationException {
    if (verify(root, key)) {
      return root;
    }
    byte[] keyBytes = key.toByteArray();
    int depth = siblings.size();
    byte[] bottom = terminalKey == null
        ? XSetHashing.leaf(keyBytes)
        : XSetHashing.pair(terminalKey.toByteArray(), keyBytes, depth);
    return Hash.of(foldUp(keyBytes, bottom));
  }

  private byte[] bottomHash(byte[] key) throws OxtVerificationException {
    if (terminalKey == null) {
      return XSetHashing.EMPTY;
    }
    byte[] terminal = terminalKey.toByteArray();
    if (!XSetHashing.samePrefix(terminal, key, siblings.size())) {
      throw new OxtVerificationException("an XSet proof ends at a leaf off the key's path");
    }
    return XSetHashing.leaf(terminal);
  }

  private byte[] foldUp(byte[] key, byte[] bottom) {
    byte[] hash = bottom;
    for (int depth = siblings.size() - 1; depth >= 0; depth--) {
      byte[] sibling = siblings.get(depth).toByteArray();
      hash = XSetHashing.bit(key, depth) == 0
          ? XSetHashing.inner(hash, sibling)
          : XSetHashing.inner(sibling, hash);
    }
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof XSetProof that
        && siblings.equals(that.siblings)
        && Objects.equals(terminalKey, that.terminalKey);
  }

  @Override
  public int hashCode() {
    return 31 * siblings.hashCode() + Objects.hashCode(terminalKey);
  }

  @Override
  public String toString() {
    return "XSetProof[" + siblings.size() + " levels, " + (terminalKey == null ? "empty" : "leaf") + "]";
  }
}

package org.carechain.crypto.sse.oxt;

import java.security.MessageDigest;
import org.carechain.crypto.Sha256;

/**
 * The node hashes of the XSet's compact binary trie, shared by the tree and its proofs. An empty
 * subtree hashes to 32 zero bytes, a subtree holding one key k to SHA-256(0x00 || k), any other to
 * SHA-256(0x01 || left || right). The prefixes keep leaves and inner nodes apart, as RFC 6962 does.
 * Key bits are read most significant first.
 */
final class XSetHashing {

  static final int KEY_BITS = 256;
  static final byte LEAF_PREFIX = 0x00;
  static final byte INNER_PREFIX = 0x01;
  static final byte[] EMPTY = new byte[32];

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

  private XSetHashing() {}

  static byte[] leaf(byte[] key) {
    MessageDigest sha = SHA256.get();
    sha.update(LEAF_PREFIX);
    sha.update(key);
    return sha.digest();
  }

  static byte[] inner(byte[] left, byte[] right) {
    MessageDigest sha = SHA256.get();
    sha.update(INNER_PREFIX);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** Bit {@code depth} of {@code key}, 0 or 1, most significant first. */
  static int bit(byte[] key, int depth) {
    return (key[depth >>> 3] >>> (7 - (depth & 7))) & 1;
  }

  /** Whether the first {@code bits} bits of two keys agree. */
  static boolean samePrefix(byte[] a, byte[] b, int bits) {
    for (int depth = 0; depth < bits; depth++) {
      if (bit(a, depth) != bit(b, depth)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The hash of the smallest subtree, rooted at {@code depth}, that holds the two distinct keys
   * {@code a} and {@code b} (which agree on their first {@code depth} bits) and nothing else.
   */
  static byte[] pair(byte[] a, byte[] b, int depth) {
    int split = depth;
    while (bit(a, split) == bit(b, split)) {
      split++;
    }
    byte[] hash = bit(a, split) == 0 ? inner(leaf(a), leaf(b)) : inner(leaf(b), leaf(a));
    for (int level = split - 1; level >= depth; level--) {
      hash = bit(a, level) == 0 ? inner(hash, EMPTY) : inner(EMPTY, hash);
    }
    return hash;
  }
}

package org.carechain.crypto.sse.oxt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * The server's XSet: the set of xtags H(g^{x_w · xind}), kept as a compact binary trie over the
 * 32-byte xtags so that it is both a set (membership in about log2 N steps) and an authenticated
 * one: its root hash commits to exactly the set, whatever order the xtags came in, and
 * {@link #prove} gives a proof of membership or of absence for any key against that root.
 *
 * <p>Shape: a subtree that would hold a single key is that key's leaf, placed as high as it can
 * be; an empty subtree is absent. Hashes are in {@link XSetHashing}. Expected depth is about
 * log2 N + 1 for N uniformly distributed keys, and a proof carries one sibling hash per level.
 *
 * <p>Not thread-safe. Inner hashes are recomputed lazily; once {@link #root} has been called after
 * the last insertion, {@link #contains}, {@link #prove} and {@link #root} only read, so concurrent
 * readers are safe if insertions are serialised against them.
 */
public final class XSetTree {

  private Node root;
  private long size;

  /** Adds {@code xtag}; returns false if it was already present. */
  public boolean insert(Hash xtag) {
    Objects.requireNonNull(xtag, "xtag");
    byte[] key = xtag.toByteArray();
    if (root == null) {
      root = Node.leaf(key);
      size++;
      return true;
    }
    Node parent = null;
    int parentBit = 0;
    Node node = root;
    int depth = 0;
    while (node.isInner()) {
      node.hash = null;
      parent = node;
      parentBit = XSetHashing.bit(key, depth);
      node = parentBit == 0 ? node.left : node.right;
      depth++;
      if (node == null) {
        attach(parent, parentBit, Node.leaf(key));
        size++;
        return true;
      }
    }
    if (Arrays.equals(node.key, key)) {
      return false;
    }
    Node replacement = split(node, Node.leaf(key), depth);
    if (parent == null) {
      root = replacement;
    } else {
      attach(parent, parentBit, replacement);
    }
    size++;
    return true;
  }

  /** Whether {@code xtag} is in the set. */
  public boolean contains(Hash xtag) {
    return containsKey(xtag.toByteArray());
  }

  boolean containsKey(byte[] key) {
    Node node = root;
    int depth = 0;
    while (node != null && node.isInner()) {
      node = XSetHashing.bit(key, depth++) == 0 ? node.left : node.right;
    }
    return node != null && Arrays.equals(node.key, key);
  }

  /** The number of distinct xtags. */
  public long size() {
    return size;
  }

  /** The root hash: 32 zero bytes for the empty set. */
  public Hash root() {
    return Hash.of(hashOf(root));
  }

  /** The proof that {@code xtag} is, or is not, in the set, against {@link #root}. */
  public XSetProof prove(Hash xtag) {
    return proveKey(xtag.toByteArray());
  }

  XSetProof proveKey(byte[] key) {
    List<Hash> siblings = new ArrayList<>();
    Node node = root;
    int depth = 0;
    while (node != null && node.isInner()) {
      boolean right = XSetHashing.bit(key, depth++) == 1;
      siblings.add(Hash.of(hashOf(right ? node.left : node.right)));
      node = right ? node.right : node.left;
    }
    return XSetProof.of(siblings, node == null ? null : Hash.of(node.key));
  }

  /** Every xtag, in key order; for audits and the plaintext scan of the tests. */
  public List<Hash> xtags() {
    List<Hash> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  private static void collect(Node node, List<Hash> out) {
    if (node == null) {
      return;
    }
    if (!node.isInner()) {
      out.add(Hash.of(node.key));
      return;
    }
    collect(node.left, out);
    collect(node.right, out);
  }

  private static void attach(Node parent, int bit, Node child) {
    if (bit == 0) {
      parent.left = child;
    } else {
      parent.right = child;
    }
  }

  private static Node split(Node a, Node b, int depth) {
    int bitA = XSetHashing.bit(a.key, depth);
    int bitB = XSetHashing.bit(b.key, depth);
    Node inner = new Node(null);
    if (bitA != bitB) {
      inner.left = bitA == 0 ? a : b;
      inner.right = bitA == 0 ? b : a;
    } else {
      attach(inner, bitA, split(a, b, depth + 1));
    }
    return inner;
  }

  private static byte[] hashOf(Node node) {
    if (node == null) {
      return XSetHashing.EMPTY;
    }
    if (node.hash == null) {
      node.hash = XSetHashing.inner(hashOf(node.left), hashOf(node.right));
    }
    return node.hash;
  }

  /** A leaf (key set, hash fixed) or an inner node (key null, hash null while stale). */
  private static final class Node {
    final byte[] key;
    Node left;
    Node right;
    byte[] hash;

    Node(byte[] key) {
      this.key = key;
    }

    static Node leaf(byte[] key) {
      Node leaf = new Node(key);
      leaf.hash = XSetHashing.leaf(key);
      return leaf;
    }

    boolean isInner() {
      return key == null;
    }
  }
}

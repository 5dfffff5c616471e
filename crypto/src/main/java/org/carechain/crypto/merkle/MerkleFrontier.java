package org.carechain.crypto.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * The right edge of an append-only RFC 6962 log: the complete subtrees that the tree's size
 * decomposes into, largest first. It is all a writer needs to append leaves and compute the root
 * without reading the stored tree, and it names every complete subtree each append creates, so a
 * store can persist exactly those.
 *
 * <p>A log of size {@code n} has one frontier node per set bit of {@code n}: the ids of
 * {@link ProofNodes#root(long)}. Not thread-safe.
 */
public final class MerkleFrontier {

  /** A complete subtree and its hash. */
  public record StoredNode(NodeId id, Hash hash) {
    public StoredNode {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(hash, "hash");
    }
  }

  private final Rfc6962Hasher hasher = Rfc6962Hasher.create();
  private final List<StoredNode> edge;
  private long size;

  private MerkleFrontier(long size, List<StoredNode> edge) {
    this.size = size;
    this.edge = edge;
  }

  public static MerkleFrontier empty() {
    return new MerkleFrontier(0, new ArrayList<>());
  }

  /**
   * Resumes a log of {@code size} leaves from the hashes of its frontier nodes, in the order of
   * {@code ProofNodes.root(size).ids()}.
   *
   * @throws IllegalArgumentException if the number of hashes does not match the size
   */
  public static MerkleFrontier resume(long size, List<Hash> frontierHashes) {
    List<NodeId> ids = ProofNodes.root(size).ids();
    if (ids.size() != frontierHashes.size()) {
      throw new IllegalArgumentException(
          "a log of size " + size + " has " + ids.size() + " frontier nodes, got " + frontierHashes.size());
    }
    List<StoredNode> edge = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      edge.add(new StoredNode(ids.get(i), frontierHashes.get(i)));
    }
    return new MerkleFrontier(size, edge);
  }

  public long size() {
    return size;
  }

  /** An independent copy, so a writer can append tentatively and keep the original on failure. */
  public MerkleFrontier copy() {
    return new MerkleFrontier(size, new ArrayList<>(edge));
  }

  /**
   * Appends one leaf and returns the complete subtrees this creates: the leaf itself (level 0),
   * then each parent that the leaf completes, bottom-up.
   */
  public List<StoredNode> append(Hash leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    List<StoredNode> created = new ArrayList<>(2);
    StoredNode node = new StoredNode(new NodeId(0, size), leafHash);
    created.add(node);
    while (!edge.isEmpty() && edge.get(edge.size() - 1).id().level() == node.id().level()) {
      StoredNode left = edge.remove(edge.size() - 1);
      node = new StoredNode(new NodeId(node.id().level() + 1, left.id().index() >>> 1),
          hasher.hashChildren(left.hash(), node.hash()));
      created.add(node);
    }
    edge.add(node);
    size++;
    return created;
  }

  /** The root of the log as it is now. */
  public Hash root() {
    if (edge.isEmpty()) {
      return Rfc6962Hasher.EMPTY_ROOT;
    }
    Hash root = edge.get(edge.size() - 1).hash();
    for (int i = edge.size() - 2; i >= 0; i--) {
      root = hasher.hashChildren(edge.get(i).hash(), root);
    }
    return root;
  }

  public TreeHead treeHead() {
    return new TreeHead(size, root());
  }

  /** The current frontier nodes, largest first. */
  public List<StoredNode> nodes() {
    return List.copyOf(edge);
  }
}

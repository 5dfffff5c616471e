package org.carechain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cross-checks the frontier against the in-memory {@link MerkleLog}. */
class MerkleFrontierTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1_000_003})
  void rootsAndCreatedNodesMatchTheInMemoryLog(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size = 1 + random.nextInt(3000);
    MerkleLog log = MerkleLog.create();
    MerkleFrontier frontier = MerkleFrontier.empty();
    Map<NodeId, Hash> stored = new HashMap<>();
    for (int i = 0; i < size; i++) {
      byte[] leaf = new byte[16];
      random.nextBytes(leaf);
      log.appendLeaf(leaf);
      for (MerkleFrontier.StoredNode node : frontier.append(log.leafHash(i))) {
        assertEquals(log.subtreeHash(node.id()), node.hash(), "seed " + seed + " node " + node.id());
        assertEquals(null, stored.put(node.id(), node.hash()), "seed " + seed + " created twice: " + node.id());
      }
      assertEquals(log.treeHead(), frontier.treeHead(), "seed " + seed + " size " + (i + 1));
    }
    // Every complete subtree was created exactly once, so a store fed by append() can answer any proof.
    long index = random.nextLong(size);
    List<Hash> fromStore = ProofNodes.inclusion(index, size).fetch(stored::get, Rfc6962Hasher.create());
    assertEquals(log.inclusionProof(index, size).path(), fromStore, "seed " + seed + " index " + index);
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(longs = {0, 1, 2, 3, 7, 8, 9, 1023, 1024, 1025})
  void resumedFrontierContinuesLikeTheOriginal(long size) {
    MerkleLog log = MerkleLog.create();
    MerkleFrontier original = MerkleFrontier.empty();
    for (long i = 0; i < size; i++) {
      log.appendLeaf(new byte[] {(byte) i, (byte) (i >> 8)});
      original.append(log.leafHash(i));
    }
    List<Hash> edge = new ArrayList<>();
    for (NodeId id : ProofNodes.root(size).ids()) {
      edge.add(log.subtreeHash(id));
    }
    MerkleFrontier resumed = MerkleFrontier.resume(size, edge);
    assertEquals(original.nodes(), resumed.nodes());
    for (long i = size; i < size + 100; i++) {
      log.appendLeaf(new byte[] {(byte) i, (byte) (i >> 8), 1});
      Hash leaf = log.leafHash(i);
      assertEquals(original.append(leaf), resumed.append(leaf));
      assertEquals(log.treeHead(), resumed.treeHead());
    }
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(longs = {1, 5, 6})
  void resumeRejectsAFrontierOfTheWrongShape(long size) {
    assertThrows(IllegalArgumentException.class,
        () -> MerkleFrontier.resume(size, List.of(Hash.sha256(), Hash.sha256(), Hash.sha256(), Hash.sha256())));
  }
}

package org.carechain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProofNodesTest {

  @Test
  void inclusionInEightLeavesNeedsThreeSiblings() {
    // Leaf 5 of 8: its sibling 4, then [6, 8), then [0, 4).
    assertEquals(
        List.of(new NodeId(0, 4), new NodeId(1, 3), new NodeId(2, 0)),
        ProofNodes.inclusion(5, 8).ids());
  }

  @Test
  void theRightEdgeElementIsRebuiltFromCompleteSubtrees() {
    // Leaf 0 of 7: siblings 1, [2, 4), then [4, 7), which is not complete: [4, 6) and 6.
    ProofNodes nodes = ProofNodes.inclusion(0, 7);
    assertEquals(
        List.of(new NodeId(0, 1), new NodeId(1, 1), new NodeId(1, 2), new NodeId(0, 6)),
        nodes.ids());
    assertEquals(3, nodes.elementCount());
  }

  @Test
  void consistencyFromAPowerOfTwoOmitsTheOldRoot() {
    // 4 -> 8: the old root [0, 4) is known to the verifier; only [4, 8) is sent.
    assertEquals(List.of(new NodeId(2, 1)), ProofNodes.consistency(4, 8).ids());
    // 3 -> 4: leaf 2, leaf 3, then [0, 2).
    assertEquals(List.of(new NodeId(0, 2), new NodeId(0, 3), new NodeId(1, 0)),
        ProofNodes.consistency(3, 4).ids());
  }

  @Test
  void equalSizesNeedNoNodes() {
    assertTrue(ProofNodes.consistency(5, 5).ids().isEmpty());
    assertEquals(0, ProofNodes.consistency(5, 5).elementCount());
  }

  @Test
  void rootOfEmptyTreeNeedsNoNodes() {
    assertEquals(0, ProofNodes.root(0).elementCount());
    assertEquals(List.of(new NodeId(2, 0), new NodeId(0, 4)), ProofNodes.root(5).ids());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 1000, 1L << 20, (1L << 20) + 1, (1L << 40) - 1, 1L << 62, Long.MAX_VALUE})
  void lookupsStayLogarithmicAtAnySize(long size) {
    // Only sizes are involved, so even trees far too large to build can be planned.
    SplittableRandom random = new SplittableRandom(size);
    int bound = 2 * (64 - Long.numberOfLeadingZeros(size)) + 1;
    for (int i = 0; i < 50; i++) {
      long index = random.nextLong(size);
      assertTrue(ProofNodes.inclusion(index, size).ids().size() <= bound, "inclusion " + index);
      long size1 = 1 + random.nextLong(size);
      assertTrue(ProofNodes.consistency(size1, size).ids().size() <= bound, "consistency " + size1);
    }
  }

  @Test
  void aStoreIsAskedOnlyForTheNodesListed() {
    MerkleLog log = MerkleLog.create();
    for (int i = 0; i < 1000; i++) {
      log.appendLeaf(new byte[] {(byte) i, (byte) (i >> 8)});
    }
    List<NodeId> asked = new ArrayList<>();
    SubtreeHashSource recording = node -> {
      asked.add(node);
      return log.subtreeHash(node);
    };
    ProofNodes nodes = ProofNodes.inclusion(617, 1000);
    List<Hash> proof = nodes.fetch(recording, Rfc6962Hasher.create());
    assertEquals(nodes.ids(), asked);
    assertEquals(log.inclusionProof(617, 1000).path(), proof);
  }

  @Test
  void rehashNeedsOneHashPerNode() {
    ProofNodes nodes = ProofNodes.inclusion(0, 7);
    assertThrows(IllegalArgumentException.class, () -> nodes.rehash(List.of(), Rfc6962Hasher.create()));
  }

  @Test
  void rejectsImpossibleRequests() {
    assertThrows(IllegalArgumentException.class, () -> ProofNodes.inclusion(5, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofNodes.inclusion(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofNodes.consistency(0, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofNodes.consistency(6, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofNodes.root(-1));
  }

  @Test
  void nodeIdsDescribeTheirLeaves() {
    NodeId node = new NodeId(3, 2);
    assertEquals(16, node.start());
    assertEquals(24, node.end());
    assertEquals(8, node.leafCount());
    assertThrows(IllegalArgumentException.class, () -> new NodeId(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new NodeId(63, 0));
    assertThrows(IllegalArgumentException.class, () -> new NodeId(0, -1));
    assertThrows(IllegalArgumentException.class, () -> new NodeId(62, 1));
  }
}

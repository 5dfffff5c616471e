package org.carechain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;

class MerkleLogTest {

  @Test
  void emptyLogHasTheEmptyRoot() {
    MerkleLog log = MerkleLog.create();
    assertEquals(0, log.size());
    assertEquals(Rfc6962Hasher.EMPTY_ROOT, log.root());
    assertEquals(new TreeHead(0, Rfc6962Hasher.EMPTY_ROOT), log.treeHead());
  }

  @Test
  void appendsReturnConsecutiveIndices() {
    MerkleLog log = MerkleLog.create();
    assertEquals(0, log.appendLeaf(new byte[] {1}));
    assertEquals(1, log.appendLeafHash(Hash.sha256(new byte[] {2})));
    assertEquals(2, log.size());
    assertEquals(Hash.sha256(new byte[] {2}), log.leafHash(1));
    assertEquals(Rfc6962Hasher.create().hashLeaf(new byte[] {1}), log.leafHash(0));
  }

  @Test
  void oldTreeHeadsStayReachableAsTheLogGrows() throws ProofVerificationException {
    MerkleLog log = MerkleLog.create();
    for (int i = 0; i < 100; i++) {
      log.appendLeaf(new byte[] {(byte) i});
    }
    TreeHead old = log.treeHead();
    for (int i = 100; i < 5000; i++) {
      log.appendLeaf(new byte[] {(byte) i, (byte) (i >> 8)});
    }
    assertEquals(old, log.treeHeadAt(100));
    ProofVerifier.verifyConsistency(log.consistencyProof(100, 5000), old, log.treeHead());
    ProofVerifier.verifyInclusion(log.inclusionProof(42, 100), log.leafHash(42), old);
    ProofVerifier.verifyInclusion(log.inclusionProof(42, 5000), log.leafHash(42), log.treeHead());
  }

  @Test
  void refusesSizesBeyondTheLog() {
    MerkleLog log = MerkleLog.create();
    log.appendLeaf(new byte[0]);
    log.appendLeaf(new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> log.rootAt(3));
    assertThrows(IllegalArgumentException.class, () -> log.rootAt(-1));
    assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(0, 3));
    assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(2, 2));
    assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(1, 3));
    assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(0, 2));
    assertThrows(IllegalArgumentException.class, () -> log.subtreeHash(new NodeId(2, 0)));
    assertThrows(IllegalArgumentException.class, () -> log.leafHash(2));
  }
}

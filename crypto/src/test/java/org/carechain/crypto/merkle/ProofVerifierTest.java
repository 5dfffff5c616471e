package org.carechain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;

/** Preconditions of the verifier that the published vectors do not reach. */
class ProofVerifierTest {

  private static final MerkleLog LOG = Rfc6962KnownAnswersTest.referenceTree();

  @Test
  void rejectsNegativeAndOutOfRangeInclusionArguments() {
    Hash leaf = LOG.leafHash(0);
    Hash root = LOG.root();
    List<Hash> path = LOG.inclusionProof(0, 8).path();
    assertThrows(ProofVerificationException.class, () -> ProofVerifier.verifyInclusion(-1, 8, leaf, path, root));
    assertThrows(ProofVerificationException.class, () -> ProofVerifier.verifyInclusion(0, -8, leaf, path, root));
    assertThrows(ProofVerificationException.class, () -> ProofVerifier.verifyInclusion(0, 0, leaf, List.of(), root));
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyInclusion(Long.MAX_VALUE, Long.MAX_VALUE, leaf, path, root));
  }

  @Test
  void rejectsNegativeConsistencySizes() {
    Hash root = LOG.root();
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(-1, 8, List.of(), root, root));
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(-2, -1, List.of(), root, root));
  }

  @Test
  void rejectsAnyConsistencyProofFromTheEmptyTree() {
    // The published vectors for this case use malformed roots, so they stop at Hash.of; these use
    // real ones, to pin the transparency-dev convention in the verifier itself.
    Hash empty = Rfc6962Hasher.EMPTY_ROOT;
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(0, 0, List.of(), empty, empty));
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(0, 1, List.of(), empty, LOG.rootAt(1)));
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(0, 8, List.of(LOG.root()), empty, LOG.root()));
  }

  @Test
  void rejectsProofsForOtherSizesThanTheTreeHeads() {
    InclusionProof inclusion = LOG.inclusionProof(3, 7);
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyInclusion(inclusion, LOG.leafHash(3), LOG.treeHead()));
    ConsistencyProof consistency = LOG.consistencyProof(3, 7);
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(consistency, LOG.treeHeadAt(3), LOG.treeHead()));
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(consistency, LOG.treeHeadAt(2), LOG.treeHeadAt(7)));
  }

  @Test
  void nullArgumentsAreProgrammingErrors() {
    assertThrows(NullPointerException.class,
        () -> ProofVerifier.verifyInclusion(0, 1, null, List.of(), LOG.rootAt(1)));
    assertThrows(NullPointerException.class,
        () -> ProofVerifier.verifyConsistency(1, 2, List.of(), null, LOG.rootAt(2)));
  }
}

package org.carechain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.carechain.crypto.Hash;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The transparency-dev/merkle inclusion and consistency vectors, one dynamic test per file, named
 * by its path.
 *
 * <p>Happy paths must verify, and must equal the proof this library generates when they are over
 * the reference tree. Every {@code wantErr} case must be rejected: by {@link ProofVerifier} with a
 * {@link ProofVerificationException}, or, when the vector holds a value that is not 32 bytes
 * (marked "[malformed hash]" in the name), already by {@link Hash#of}, since this library's hashes
 * cannot have another length.
 *
 * <p>One happy path has malformed values: {@code consistency/additional/
 * sizes-are-equal-one-and-proof-is-empty.json} uses equal 12-byte placeholders as both roots. Only
 * their equality matters there, so they are widened to 32 bytes (SHA-256 of the placeholder) and
 * must then verify.
 */
class MerkleVectorsTest {

  private static final Path TESTDATA = TestVectors.path("rfc6962/testdata");
  private static final MerkleLog REFERENCE_TREE = Rfc6962KnownAnswersTest.referenceTree();

  @TestFactory
  Stream<DynamicTest> inclusionVectors() {
    return vectorsUnder("inclusion", 98, MerkleVectorsTest::checkInclusion);
  }

  @TestFactory
  Stream<DynamicTest> consistencyVectors() {
    return vectorsUnder("consistency", 98, MerkleVectorsTest::checkConsistency);
  }

  private interface Check {
    void run(JsonNode vector) throws Exception;
  }

  private static Stream<DynamicTest> vectorsUnder(String folder, int expectedFiles, Check check) {
    List<DynamicTest> tests = new ArrayList<>();
    List<Path> files = TestVectors.jsonFilesUnder(TESTDATA.resolve(folder));
    assertEquals(expectedFiles, files.size(), "vector files under " + folder);
    for (Path file : files) {
      JsonNode vector = TestVectors.readJson(file);
      String name = TESTDATA.relativize(file)
          + (vector.get("wantErr").asBoolean() ? " (must fail)" : " (must verify)")
          + (VectorHashes.malformedValues(vector).isEmpty() ? "" : " [malformed hash]");
      tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> check.run(vector)));
    }
    return tests.stream();
  }

  private static void checkInclusion(JsonNode v) throws Exception {
    boolean wantErr = v.get("wantErr").asBoolean();
    if (!VectorHashes.malformedValues(v).isEmpty()) {
      assertTrue(wantErr, "no happy inclusion path has malformed hashes");
      assertRejectedByHashType(v);
      return;
    }
    long leafIndex = v.get("leafIdx").asLong();
    long treeSize = v.get("treeSize").asLong();
    Hash root = VectorHashes.hash(v.get("root"));
    Hash leafHash = VectorHashes.hash(v.get("leafHash"));
    List<Hash> proof = VectorHashes.proof(v.get("proof"), VectorHashes::hash);
    if (wantErr) {
      assertThrows(ProofVerificationException.class,
          () -> ProofVerifier.verifyInclusion(leafIndex, treeSize, leafHash, proof, root));
      return;
    }
    assertDoesNotThrow(() -> ProofVerifier.verifyInclusion(leafIndex, treeSize, leafHash, proof, root));
    assertEquals(root, ProofVerifier.rootFromInclusionProof(leafIndex, treeSize, leafHash, proof));
    if (treeSize <= REFERENCE_TREE.size() && root.equals(REFERENCE_TREE.rootAt(treeSize))) {
      assertEquals(proof, REFERENCE_TREE.inclusionProof(leafIndex, treeSize).path(), "generated proof");
    }
  }

  private static void checkConsistency(JsonNode v) throws Exception {
    boolean wantErr = v.get("wantErr").asBoolean();
    boolean malformed = !VectorHashes.malformedValues(v).isEmpty();
    if (malformed && wantErr) {
      assertRejectedByHashType(v);
      return;
    }
    Function<JsonNode, Hash> reader = malformed ? VectorHashes::widenedPlaceholder : VectorHashes::hash;
    long size1 = v.get("size1").asLong();
    long size2 = v.get("size2").asLong();
    Hash root1 = reader.apply(v.get("root1"));
    Hash root2 = reader.apply(v.get("root2"));
    List<Hash> proof = VectorHashes.proof(v.get("proof"), reader);
    if (wantErr) {
      assertThrows(ProofVerificationException.class,
          () -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2));
      return;
    }
    assertDoesNotThrow(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2));
    if (size2 <= REFERENCE_TREE.size() && root2.equals(REFERENCE_TREE.rootAt(size2))) {
      assertEquals(proof, REFERENCE_TREE.consistencyProof(size1, size2).path(), "generated proof");
    }
  }

  private static void assertRejectedByHashType(JsonNode v) {
    for (JsonNode value : VectorHashes.malformedValues(v)) {
      assertThrows(IllegalArgumentException.class, () -> VectorHashes.hash(value),
          "Hash.of must refuse the " + VectorHashes.raw(value).length + "-byte value " + value);
    }
  }
}

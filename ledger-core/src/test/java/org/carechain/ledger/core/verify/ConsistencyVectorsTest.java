package org.carechain.ledger.core.verify;

import static org.carechain.ledger.core.verify.VerifierAssertions.assertFailsAt;
import static org.carechain.ledger.core.verify.VerifierAssertions.assertVerifies;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.testing.TestVectors;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.testing.TestChain;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The transparency-dev/merkle consistency vectors, through the whole verifier: each vector's two
 * tree heads become the log heads of two blocks certified by test validators, and the verdict must
 * be the vector's.
 *
 * <p>Vectors that cannot be log heads of blocks are left out, and counted: those with a value that
 * is not a 32-byte hash (crypto's own vector test shows {@code Hash} refuses them), and those from
 * the empty tree, which the verifier treats as a prefix of every log (see
 * {@link LedgerVerifier#verifyConsistency}), where RFC 6962 has no proof at all.
 */
class ConsistencyVectorsTest {

  private static final Path FOLDER = TestVectors.path("rfc6962/testdata/consistency");
  private static final Genesis GENESIS = TestChain.genesis(Channel.EHR, TestChain.CHAIN_ID, 4);
  private static final List<String> SIGNERS = List.of("ledger-0", "ledger-1", "ledger-2");

  @TestFactory
  Stream<DynamicTest> consistencyVectorsThroughCertifiedHeads() {
    List<DynamicTest> tests = new ArrayList<>();
    List<Path> files = TestVectors.jsonFilesUnder(FOLDER);
    for (Path file : files) {
      JsonNode vector = TestVectors.readJson(file);
      if (representable(vector)) {
        boolean wantErr = vector.get("wantErr").asBoolean();
        String name = FOLDER.relativize(file) + (wantErr ? " (must fail)" : " (must verify)");
        tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> check(vector, wantErr)));
      }
    }
    assertEquals(98, files.size(), "vector files");
    assertEquals(67, tests.size(), "vectors that are log heads of blocks");
    return tests.stream();
  }

  private static void check(JsonNode vector, boolean wantErr) {
    LedgerVerifier verifier = LedgerVerifier.forGenesis(GENESIS);
    CertifiedHeader first = certified(1, new TreeHead(vector.get("size1").asLong(), hash(vector.get("root1"))));
    CertifiedHeader second = certified(2, new TreeHead(vector.get("size2").asLong(), hash(vector.get("root2"))));
    List<Hash> path = new ArrayList<>();
    if (vector.hasNonNull("proof")) {
      vector.get("proof").forEach(element -> path.add(hash(element)));
    }
    ConsistencyProof proof = new ConsistencyProof(first.header().log().size(), second.header().log().size(), path);
    if (wantErr) {
      assertFailsAt(Check.CONSISTENCY, () -> verifier.verifyConsistency(first, second, proof), "vector");
    } else {
      assertVerifies(() -> verifier.verifyConsistency(first, second, proof), "vector");
    }
  }

  private static CertifiedHeader certified(long height, TreeHead log) {
    Hash marker = Hash.sha256(("vector block " + height).getBytes(StandardCharsets.UTF_8));
    BlockHeader header = new BlockHeader(Channel.EHR, height, marker, 0, "ledger-0", marker, marker, log);
    TestChain chain = TestChain.build(0, 4, 1);
    return new CertifiedHeader(header, chain.certify(header, 0, SIGNERS));
  }

  private static boolean representable(JsonNode vector) {
    if (vector.get("size1").asLong() <= 0 || vector.get("size2").asLong() < 0) {
      return false;
    }
    List<JsonNode> values = new ArrayList<>(List.of(vector.get("root1"), vector.get("root2")));
    if (vector.hasNonNull("proof")) {
      vector.get("proof").forEach(values::add);
    }
    return values.stream().allMatch(value -> Base64.getDecoder().decode(value.asText()).length == Hash.SIZE);
  }

  private static Hash hash(JsonNode base64) {
    return Hash.of(Base64.getDecoder().decode(base64.asText()));
  }
}

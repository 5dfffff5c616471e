package org.carechain.crypto.merkle;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.carechain.crypto.Hash;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code known_answers.json}: the RFC 6962 hasher and the 8-leaf reference tree of transparency-dev/merkle. */
class Rfc6962KnownAnswersTest {

  private static final JsonNode ANSWERS = TestVectors.readJson("rfc6962/known_answers.json");

  /** A log holding the eight reference leaves. */
  static MerkleLog referenceTree() {
    MerkleLog log = MerkleLog.create();
    ANSWERS.get("referenceTree").get("leafInputs").forEach(leaf -> log.appendLeaf(hex(leaf.asText())));
    return log;
  }

  @Test
  void prefixesAreTheRfcValues() {
    assertEquals(0x00, Rfc6962Hasher.LEAF_PREFIX);
    assertEquals(0x01, Rfc6962Hasher.NODE_PREFIX);
  }

  @TestFactory
  Stream<DynamicTest> hasherKnownAnswers() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode answer : ANSWERS.get("hasher")) {
      tests.add(DynamicTest.dynamicTest(answer.get("name").asText(), () -> {
        Rfc6962Hasher hasher = Rfc6962Hasher.create();
        Hash expected = Hash.fromHex(answer.get("expected").asText());
        Hash actual = switch (answer.get("function").asText()) {
          case "emptyRoot" -> hasher.emptyRoot();
          case "hashLeaf" -> hasher.hashLeaf(hex(answer.get("input").asText()));
          case "hashChildren" -> hasher.hashChildrenOfBytes(
              hex(answer.get("left").asText()), hex(answer.get("right").asText()));
          default -> fail("unknown function " + answer.get("function"));
        };
        assertEquals(expected, actual);
      }));
    }
    return tests.stream();
  }

  @Test
  void emptyLeafHashDiffersFromEmptyRoot() {
    Rfc6962Hasher hasher = Rfc6962Hasher.create();
    assertNotEquals(hasher.emptyRoot(), hasher.hashLeaf(new byte[0]));
  }

  @TestFactory
  Stream<DynamicTest> referenceTreeRootForEverySize() {
    MerkleLog log = MerkleLog.create();
    JsonNode leaves = ANSWERS.get("referenceTree").get("leafInputs");
    JsonNode roots = ANSWERS.get("referenceTree").get("rootHashesByTreeSize");
    MerkleLog full = referenceTree();
    List<DynamicTest> tests = new ArrayList<>();
    for (int size = 0; size <= 8; size++) {
      if (size > 0) {
        log.appendLeaf(hex(leaves.get(size - 1).asText()));
      }
      Hash expected = Hash.fromHex(roots.get(Integer.toString(size)).asText());
      Hash grown = log.root();
      Hash historical = full.rootAt(size);
      int treeSize = size;
      tests.add(DynamicTest.dynamicTest("root of size " + size, () -> {
        assertEquals(expected, grown, "root while growing");
        assertEquals(expected, historical, "rootAt on the full tree");
      }));
    }
    return tests.stream();
  }

  @Test
  void referenceTreeStoresEveryCompleteSubtree() {
    MerkleLog log = referenceTree();
    JsonNode levels = ANSWERS.get("referenceTree").get("nodeHashesByLevel");
    for (int level = 0; level < levels.size(); level++) {
      for (int index = 0; index < levels.get(level).size(); index++) {
        assertEquals(Hash.fromHex(levels.get(level).get(index).asText()),
            log.subtreeHash(new NodeId(level, index)), "level " + level + " index " + index);
      }
    }
  }
}

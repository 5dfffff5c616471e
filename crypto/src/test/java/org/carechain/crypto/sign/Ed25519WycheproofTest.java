package org.carechain.crypto.sign;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Wycheproof {@code ed25519_test.json}: every case, reported by its tcId. */
class Ed25519WycheproofTest {

  @TestFactory
  Stream<DynamicTest> wycheproofEd25519() {
    JsonNode file = TestVectors.readJson("wycheproof/ed25519_test.json");
    assertEquals("EDDSA", file.get("algorithm").asText());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode group : file.get("testGroups")) {
      assertEquals("edwards25519", group.get("publicKey").get("curve").asText());
      byte[] publicKey = hex(group.get("publicKey").get("pk").asText());
      for (JsonNode test : group.get("tests")) {
        String name = "tcId " + test.get("tcId").asInt() + " (" + test.get("result").asText() + ") "
            + test.get("comment").asText() + " " + test.get("flags");
        tests.add(DynamicTest.dynamicTest(name, () -> check(publicKey, test)));
      }
    }
    assertEquals(file.get("numberOfTests").asInt(), tests.size());
    return tests.stream();
  }

  private static void check(byte[] publicKey, JsonNode test) throws GeneralSecurityException {
    byte[] message = hex(test.get("msg").asText());
    byte[] signature = hex(test.get("sig").asText());
    String result = test.get("result").asText();
    switch (result) {
      case "valid" -> Ed25519Verify.create(Ed25519PublicKey.create(publicKey)).verify(signature, message);
      case "invalid" -> assertThrows(GeneralSecurityException.class,
          () -> Ed25519Verify.create(Ed25519PublicKey.create(publicKey)).verify(signature, message));
      default -> fail("unexpected result " + result + " (the file has no 'acceptable' cases)");
    }
  }
}

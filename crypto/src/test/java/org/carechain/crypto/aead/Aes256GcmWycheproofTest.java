package org.carechain.crypto.aead;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof {@code aes_gcm_test.json}: every case of every group with a 256-bit key, a 96-bit IV
 * and a 128-bit tag (the only parameters {@link Aes256Gcm} accepts), reported by its tcId.
 */
class Aes256GcmWycheproofTest {

  /** Cases in the selected groups of the copied file: 39 valid, 27 invalid. */
  private static final int SELECTED_CASES = 66;

  @TestFactory
  Stream<DynamicTest> wycheproofAes256Gcm() {
    JsonNode file = TestVectors.readJson("wycheproof/aes_gcm_test.json");
    assertEquals("AES-GCM", file.get("algorithm").asText());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode group : file.get("testGroups")) {
      if (group.get("keySize").asInt() != 256 || group.get("ivSize").asInt() != 96) {
        continue;
      }
      assertEquals(128, group.get("tagSize").asInt());
      for (JsonNode test : group.get("tests")) {
        String name = "tcId " + test.get("tcId").asInt() + " (" + test.get("result").asText() + ") "
            + test.get("comment").asText() + " " + test.get("flags");
        tests.add(DynamicTest.dynamicTest(name, () -> check(test)));
      }
    }
    assertEquals(SELECTED_CASES, tests.size());
    return tests.stream();
  }

  private static void check(JsonNode test) throws AEADBadTagException {
    byte[] key = hex(test.get("key").asText());
    byte[] iv = hex(test.get("iv").asText());
    byte[] aad = hex(test.get("aad").asText());
    byte[] message = hex(test.get("msg").asText());
    byte[] ciphertextWithTag =
        hex(test.get("ct").asText() + test.get("tag").asText());
    String result = test.get("result").asText();
    switch (result) {
      case "valid" -> {
        assertArrayEquals(ciphertextWithTag, Aes256Gcm.encrypt(key, iv, message, aad), "encrypt");
        assertArrayEquals(message, Aes256Gcm.decrypt(key, iv, ciphertextWithTag, aad), "decrypt");
      }
      case "invalid" -> {
        assertThrows(AEADBadTagException.class,
            () -> Aes256Gcm.decrypt(key, iv, ciphertextWithTag, aad), "decrypt accepted it");
        assertFalse(Arrays.equals(ciphertextWithTag, Aes256Gcm.encrypt(key, iv, message, aad)),
            "encryption reproduces an invalid ciphertext");
      }
      default -> fail("unexpected result " + result + " (the selected groups have no 'acceptable' cases)");
    }
  }
}

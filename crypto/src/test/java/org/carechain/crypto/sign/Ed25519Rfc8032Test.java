package org.carechain.crypto.sign;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** RFC 8032 section 7.1: the five Ed25519 test vectors. */
class Ed25519Rfc8032Test {

  @TestFactory
  Stream<DynamicTest> rfc8032Vectors() {
    JsonNode tests = TestVectors.readJson("rfc8032/rfc8032_ed25519.json").get("tests");
    assertEquals(5, tests.size());
    return StreamSupport.stream(tests.spliterator(), false)
        .map(test -> DynamicTest.dynamicTest(
            "tcId " + test.get("tcId").asInt() + ": " + test.get("name").asText(),
            () -> check(test)));
  }

  private static void check(JsonNode test) throws GeneralSecurityException {
    byte[] message = hex(test.get("message").asText());
    byte[] expectedSignature = hex(test.get("signature").asText());
    assertEquals(test.get("messageLength").asInt(), message.length);

    Ed25519PrivateKey privateKey = Ed25519PrivateKey.create(hex(test.get("secretKey").asText()));
    assertArrayEquals(hex(test.get("publicKey").asText()), privateKey.publicKey().toByteArray(),
        "public key derived from the secret key");

    byte[] signature = Ed25519Sign.create(privateKey).sign(message);
    assertArrayEquals(expectedSignature, signature, "signature");

    Ed25519Verify verifier =
        Ed25519Verify.create(Ed25519PublicKey.create(hex(test.get("publicKey").asText())));
    verifier.verify(expectedSignature, message);

    for (int bit : new int[] {0, 255, 256, 511}) {
      byte[] flipped = expectedSignature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(GeneralSecurityException.class, () -> verifier.verify(flipped, message),
          "signature with bit " + bit + " flipped");
    }
    byte[] otherMessage = message.length == 0 ? new byte[] {0} : message.clone();
    otherMessage[0] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> verifier.verify(expectedSignature, otherMessage),
        "message with a bit flipped");
  }
}

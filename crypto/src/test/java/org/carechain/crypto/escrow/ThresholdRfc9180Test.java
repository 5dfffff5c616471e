package org.carechain.crypto.escrow;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.Test;

/**
 * The threshold path against RFC 9180 Appendix A.1.1: the recipient key skRm is dealt to officers,
 * and their partial decryptions of the vector's enc combine to X25519(skRm, enc) byte for byte,
 * which opens the vector's first ciphertext.
 */
class ThresholdRfc9180Test {

  private static final JsonNode VECTOR = TestVectors.readJson("rfc9180/rfc9180_a1_1_base.json");

  private static byte[] x25519(byte[] privateKey, byte[] publicKey) {
    byte[] out = new byte[X25519.POINT_SIZE];
    X25519.scalarMult(privateKey, 0, publicKey, 0, out, 0);
    return out;
  }

  @Test
  void combinedPartialsEqualX25519AndOpenTheVectorCiphertext() throws GeneralSecurityException {
    EscrowKeyPair recipient = EscrowKeyPair.fromPrivateKey(bytes("skRm"));
    byte[] enc = bytes("enc");
    byte[] expected = x25519(bytes("skRm"), enc);
    JsonNode first = VECTOR.get("encryptions").get(0);

    for (int[] dealing : new int[][] {{1, 1}, {2, 3}, {3, 5}, {5, 5}}) {
      int threshold = dealing[0];
      int officers = dealing[1];
      EscrowDealing dealt =
          ThresholdEscrow.deal(recipient, threshold, officers, new SeededSecureRandom(officers));
      List<PartialDecryption> partials = new ArrayList<>();
      for (int officer = officers; officer > officers - threshold; officer--) {
        partials.add(ThresholdEscrow.partial(dealt.shares().get(officer - 1), enc));
      }
      byte[] dh = ThresholdEscrow.combine(partials, dealt.verificationKeys(), enc);
      String what = threshold + " of " + officers;
      assertArrayEquals(expected, dh, what);
      assertArrayEquals(hex(first.get("pt").asText()), HpkeBaseReceiver.open(dh, enc,
          bytes("pkRm"), bytes("info"), hex(first.get("aad").asText()),
          hex(first.get("ct").asText())), what);
    }
  }

  private static byte[] bytes(String field) {
    return hex(VECTOR.get(field).asText());
  }
}

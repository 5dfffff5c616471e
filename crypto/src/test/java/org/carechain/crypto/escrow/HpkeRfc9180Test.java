package org.carechain.crypto.escrow;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.carechain.crypto.testing.ScriptedSecureRandom;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.Test;

/**
 * BouncyCastle's HPKE, as {@link EscrowCipher} configures it, against RFC 9180 Appendix A.1.1
 * (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode).
 */
class HpkeRfc9180Test {

  private static final JsonNode VECTOR = TestVectors.readJson("rfc9180/rfc9180_a1_1_base.json");

  @Test
  void theSuiteIsTheOneTheVectorsAreFor() {
    assertEquals(HPKE.mode_base, VECTOR.get("mode").asInt());
    assertEquals(HPKE.kem_X25519_SHA256, VECTOR.get("kem_id").asInt());
    assertEquals(HPKE.kdf_HKDF_SHA256, VECTOR.get("kdf_id").asInt());
    assertEquals(HPKE.aead_AES_GCM128, VECTOR.get("aead_id").asInt());
    assertEquals(HPKE.aead_AES_GCM128, EscrowCipher.suite().getAeadId());
    assertEquals(EscrowCipher.ENC_SIZE, EscrowCipher.suite().getEncSize());
  }

  /**
   * The vectors list DeriveKeyPair's raw output; RFC 9180 section 7.1.2 makes SerializePrivateKey
   * clamp X25519 keys (RFC 7748 decodeScalar25519), which BouncyCastle does, so the serialized form
   * is compared with the clamped vector value.
   */
  @Test
  void deriveKeyPairGivesThePublishedKeys() {
    HPKE hpke = EscrowCipher.suite();
    for (String role : new String[] {"E", "R"}) {
      AsymmetricCipherKeyPair pair = hpke.deriveKeyPair(bytes("ikm" + role));
      byte[] skXm = bytes("sk" + role + "m");
      assertArrayEquals(skXm, ((X25519PrivateKeyParameters) pair.getPrivate()).getEncoded(), role);
      assertArrayEquals(clamped(skXm), hpke.serializePrivateKey(pair.getPrivate()), role);
      assertArrayEquals(bytes("pk" + role + "m"), hpke.serializePublicKey(pair.getPublic()), role);
    }
  }

  private static byte[] clamped(byte[] scalar) {
    byte[] copy = scalar.clone();
    copy[0] &= (byte) 0xf8;
    copy[31] &= 0x7f;
    copy[31] |= 0x40;
    return copy;
  }

  @Test
  void senderAndReceiverReproduceEveryEncryptionAndExport() throws Exception {
    HPKE hpke = EscrowCipher.suite();
    AsymmetricCipherKeyPair recipient = hpke.deriveKeyPair(bytes("ikmR"));
    HPKEContextWithEncapsulation sender =
        hpke.setupBaseS(recipient.getPublic(), bytes("info"), hpke.deriveKeyPair(bytes("ikmE")));
    assertArrayEquals(bytes("enc"), sender.getEncapsulation());
    HPKEContext receiver = hpke.setupBaseR(bytes("enc"), recipient, bytes("info"));

    Map<Integer, JsonNode> bySequence = new HashMap<>();
    VECTOR.get("encryptions").forEach(e -> bySequence.put(e.get("sequence_number").asInt(), e));
    assertEquals(6, bySequence.size());
    // The context's sequence number advances with every Seal, so the gaps are filled with
    // messages of our own that the receiver must open in step.
    for (int sequence = 0; sequence <= 256; sequence++) {
      JsonNode listed = bySequence.get(sequence);
      byte[] aad = listed == null ? new byte[0] : hex(listed.get("aad").asText());
      byte[] plaintext = listed == null ? new byte[] {(byte) sequence} : hex(listed.get("pt").asText());
      byte[] ciphertext = sender.seal(aad, plaintext);
      if (listed != null) {
        assertArrayEquals(hex(listed.get("ct").asText()), ciphertext, "ct at sequence " + sequence);
      }
      assertArrayEquals(plaintext, receiver.open(aad, ciphertext), "open at sequence " + sequence);
    }

    int exports = 0;
    for (JsonNode export : VECTOR.get("exports")) {
      byte[] context = hex(export.get("exporter_context").asText());
      int length = export.get("L").asInt();
      byte[] expected = hex(export.get("exported_value").asText());
      assertArrayEquals(expected, sender.export(context, length), "sender export");
      assertArrayEquals(expected, receiver.export(context, length), "receiver export");
      exports++;
    }
    assertEquals(3, exports);
  }

  @Test
  void escrowCipherPrimitivesMatchTheFirstEncryption() throws Exception {
    JsonNode first = VECTOR.get("encryptions").get(0);
    assertEquals(0, first.get("sequence_number").asInt());
    EscrowKeyPair recipient = EscrowKeyPair.fromPrivateKey(bytes("skRm"));
    assertArrayEquals(bytes("pkRm"), recipient.publicKey().toByteArray());
    X25519PrivateKeyParameters ephemeralKey = new X25519PrivateKeyParameters(bytes("skEm"), 0);
    AsymmetricCipherKeyPair ephemeral =
        new AsymmetricCipherKeyPair(ephemeralKey.generatePublicKey(), ephemeralKey);

    byte[][] sealed = EscrowCipher.hpkeSeal(recipient.publicKey(), bytes("info"),
        hex(first.get("aad").asText()), hex(first.get("pt").asText()), ephemeral);
    assertArrayEquals(bytes("enc"), sealed[0]);
    assertArrayEquals(hex(first.get("ct").asText()), sealed[1]);
    assertArrayEquals(hex(first.get("pt").asText()), EscrowCipher.hpkeOpen(recipient,
        bytes("enc"), bytes("info"), hex(first.get("aad").asText()), hex(first.get("ct").asText())));
  }

  @Test
  void theEphemeralKeyIsDrawnFromThePassedRandomness() throws Exception {
    EscrowKeyPair recipient = EscrowKeyPair.fromPrivateKey(bytes("skRm"));
    ScriptedSecureRandom random = new ScriptedSecureRandom(bytes("skEm"));
    byte[] tag = EscrowCipher.linkTag(recipient.publicKey(), new byte[16], random);
    byte[] enc = java.util.Arrays.copyOfRange(tag, 1, 1 + EscrowCipher.ENC_SIZE);
    assertArrayEquals(bytes("enc"), enc);
  }

  @Test
  void theKeyScheduleFromTheDhOutputGivesThePublishedValues() throws GeneralSecurityException {
    byte[] dh = x25519(bytes("skRm"), bytes("enc"));
    byte[] sharedSecret = HpkeBaseReceiver.sharedSecret(dh, bytes("enc"), bytes("pkRm"));
    assertArrayEquals(bytes("shared_secret"), sharedSecret);
    byte[][] keyAndNonce = HpkeBaseReceiver.keyAndBaseNonce(sharedSecret, bytes("info"));
    assertArrayEquals(bytes("key"), keyAndNonce[0]);
    assertArrayEquals(bytes("base_nonce"), keyAndNonce[1]);
  }

  @Test
  void aWrongDhOutputDoesNotOpenAndAnAllZeroOneIsRefused() {
    JsonNode first = VECTOR.get("encryptions").get(0);
    byte[] dh = x25519(bytes("skRm"), bytes("enc"));
    dh[5] ^= 1;
    assertThrows(AEADBadTagException.class, () -> HpkeBaseReceiver.open(dh, bytes("enc"),
        bytes("pkRm"), bytes("info"), hex(first.get("aad").asText()),
        hex(first.get("ct").asText())));
    assertThrows(AEADBadTagException.class, () -> HpkeBaseReceiver.open(new byte[32],
        bytes("enc"), bytes("pkRm"), bytes("info"), new byte[0], new byte[17]));
  }

  private static byte[] x25519(byte[] privateKey, byte[] publicKey) {
    byte[] out = new byte[X25519.POINT_SIZE];
    X25519.scalarMult(privateKey, 0, publicKey, 0, out, 0);
    return out;
  }

  private static byte[] bytes(String field) {
    return hex(VECTOR.get(field).asText());
  }
}

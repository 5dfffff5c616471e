package org.carechain.crypto.escrow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.AEAD;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * The receiver side of {@link EscrowCipher}'s HPKE suite (RFC 9180 base mode, DHKEM(X25519,
 * HKDF-SHA256), HKDF-SHA256, AES-128-GCM) starting from the X25519 output instead of the private
 * key, for threshold decryption, where no one holds the private key.
 *
 * <p>BouncyCastle's HPKE only decapsulates with a private key, so this follows RFC 9180 sections
 * 4.1 (DHKEM Decap's ExtractAndExpand), 5.1 (KeySchedule with empty psk and psk_id) and 5.2 (the
 * first Open, whose nonce is base_nonce). It is checked against the same Appendix A.1.1 vector as
 * the BouncyCastle path.
 */
final class HpkeBaseReceiver {

  private static final int SECRET_SIZE = 32;
  private static final int KEY_SIZE = 16;
  private static final int NONCE_SIZE = 12;
  private static final byte[] VERSION_LABEL = ascii("HPKE-v1");
  private static final byte[] KEM_SUITE_ID = concat(ascii("KEM"), twoBytes(HPKE.kem_X25519_SHA256));
  private static final byte[] HPKE_SUITE_ID = concat(ascii("HPKE"),
      twoBytes(HPKE.kem_X25519_SHA256), twoBytes(HPKE.kdf_HKDF_SHA256), twoBytes(HPKE.aead_AES_GCM128));

  private HpkeBaseReceiver() {}

  /**
   * Opens the first (sequence 0) ciphertext of an HPKE context.
   *
   * @param dh the X25519 output for {@code enc} and the recipient key, 32 bytes
   * @param recipientPublicKey pkR, which the KEM binds into the shared secret
   * @throws AEADBadTagException if {@code dh} is all zero (a low-order enc, which RFC 9180 requires
   *     refusing) or the ciphertext does not open
   */
  static byte[] open(byte[] dh, byte[] enc, byte[] recipientPublicKey, byte[] info, byte[] aad,
      byte[] ciphertext) throws AEADBadTagException {
    byte[] sharedSecret = sharedSecret(dh, enc, recipientPublicKey);
    byte[][] keyAndNonce = keyAndBaseNonce(sharedSecret, info);
    Arrays.fill(sharedSecret, (byte) 0);
    try {
      return new AEAD(HPKE.aead_AES_GCM128, keyAndNonce[0], keyAndNonce[1]).open(aad, ciphertext);
    } catch (InvalidCipherTextException e) {
      throw new AEADBadTagException("HPKE open failed");
    } finally {
      Arrays.fill(keyAndNonce[0], (byte) 0);
    }
  }

  /** DHKEM ExtractAndExpand: the KEM shared secret for a DH output. */
  static byte[] sharedSecret(byte[] dh, byte[] enc, byte[] recipientPublicKey)
      throws AEADBadTagException {
    if (dh.length != SECRET_SIZE) {
      throw new IllegalArgumentException("an X25519 output is 32 bytes, got " + dh.length);
    }
    if (MessageDigest.isEqual(dh, new byte[SECRET_SIZE])) {
      throw new AEADBadTagException("HPKE decapsulation failed");
    }
    byte[] eaePrk = labeledExtract(KEM_SUITE_ID, new byte[0], "eae_prk", dh);
    try {
      return labeledExpand(KEM_SUITE_ID, eaePrk, "shared_secret",
          concat(enc, recipientPublicKey), SECRET_SIZE);
    } finally {
      Arrays.fill(eaePrk, (byte) 0);
    }
  }

  /** KeySchedule in base mode: {key, base_nonce}. */
  static byte[][] keyAndBaseNonce(byte[] sharedSecret, byte[] info) {
    byte[] context = concat(new byte[] {HPKE.mode_base},
        labeledExtract(HPKE_SUITE_ID, new byte[0], "psk_id_hash", new byte[0]),
        labeledExtract(HPKE_SUITE_ID, new byte[0], "info_hash", info));
    byte[] secret = labeledExtract(HPKE_SUITE_ID, sharedSecret, "secret", new byte[0]);
    try {
      return new byte[][] {
        labeledExpand(HPKE_SUITE_ID, secret, "key", context, KEY_SIZE),
        labeledExpand(HPKE_SUITE_ID, secret, "base_nonce", context, NONCE_SIZE)
      };
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    return hmac(salt.length == 0 ? new byte[SECRET_SIZE] : salt,
        concat(VERSION_LABEL, suiteId, ascii(label), ikm));
  }

  private static byte[] labeledExpand(
      byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    byte[] labeledInfo = concat(twoBytes(length), VERSION_LABEL, suiteId, ascii(label), info);
    // HKDF-Expand for length ≤ 32 is one block: T(1) = HMAC(prk, info || 0x01).
    byte[] block = hmac(prk, concat(labeledInfo, new byte[] {1}));
    try {
      return Arrays.copyOf(block, length);
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static byte[] twoBytes(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

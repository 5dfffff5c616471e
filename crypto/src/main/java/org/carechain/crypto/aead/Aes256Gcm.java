package org.carechain.crypto.aead;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per message and a 128-bit tag, in the
 * {@link AesGcmEnvelope} layout. Stateless and thread-safe.
 *
 * <p>The GCM associated data is the envelope's version byte followed by the caller's associated
 * data, so the version cannot be swapped. {@link #open} returns a plaintext only after the tag has
 * verified; otherwise it throws and returns nothing.
 *
 * <p>With random 96-bit nonces a key must not seal more than about 2<sup>32</sup> messages (NIST
 * SP 800-38D section 8.3). CareChain uses each data key for one message.
 */
public final class Aes256Gcm {

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int TAG_BITS = 8 * AesGcmEnvelope.TAG_SIZE;

  private Aes256Gcm() {}

  /**
   * Encrypts {@code plaintext}, bound to {@code associatedData}, under a nonce drawn from
   * {@code random}.
   *
   * @param associatedData authenticated but not encrypted; pass an empty array for none
   * @return the envelope: version, nonce, ciphertext and tag
   */
  public static byte[] seal(
      Aes256GcmKey key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    Objects.requireNonNull(random, "random");
    byte[] nonce = new byte[AesGcmEnvelope.NONCE_SIZE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key.secretKeySpec(), nonce);
      cipher.updateAAD(new byte[] {AesGcmEnvelope.VERSION});
      cipher.updateAAD(associatedData);
      return AesGcmEnvelope.assemble(nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts an envelope made by {@link #seal} with the same key and associated data.
   *
   * @throws MalformedEnvelopeException if {@code envelope} does not have the envelope layout
   * @throws AEADBadTagException if the key, the associated data or any byte of the envelope
   *     differs from what was sealed
   */
  public static byte[] open(Aes256GcmKey key, byte[] envelope, byte[] associatedData)
      throws MalformedEnvelopeException, AEADBadTagException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(associatedData, "associatedData");
    AesGcmEnvelope parsed = AesGcmEnvelope.parse(envelope);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key.secretKeySpec(), parsed.nonce());
      cipher.updateAAD(parsed.header());
      cipher.updateAAD(associatedData);
      return cipher.doFinal(parsed.ciphertextWithTag());
    } catch (AEADBadTagException e) {
      throw new AEADBadTagException("AES-GCM tag does not verify: wrong key, wrong associated data"
          + " or altered ciphertext");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  /**
   * Raw AES-256-GCM encryption with a given 12-byte nonce, without the envelope. Only for checking
   * this class against published vectors: a caller choosing nonces can repeat one.
   */
  static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, rawKey(key), checkNonce(nonce));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Raw AES-256-GCM decryption, the inverse of {@link #encrypt}. */
  static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertextWithTag, byte[] associatedData)
      throws AEADBadTagException {
    if (ciphertextWithTag.length < AesGcmEnvelope.TAG_SIZE) {
      throw new AEADBadTagException("ciphertext is shorter than the GCM tag");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, rawKey(key), checkNonce(nonce));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(ciphertextWithTag);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private static SecretKey rawKey(byte[] key) {
    if (key.length != Aes256GcmKey.SIZE) {
      throw new IllegalArgumentException(
          "an AES-256 key is " + Aes256GcmKey.SIZE + " bytes, got " + key.length);
    }
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] checkNonce(byte[] nonce) {
    if (nonce.length != AesGcmEnvelope.NONCE_SIZE) {
      throw new IllegalArgumentException(
          "the nonce is " + AesGcmEnvelope.NONCE_SIZE + " bytes, got " + nonce.length);
    }
    return nonce;
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      return cipher;
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException(TRANSFORMATION + " is not available in this JDK", e);
    }
  }
}

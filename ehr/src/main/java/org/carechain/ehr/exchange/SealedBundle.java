package org.carechain.ehr.exchange;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.MalformedEnvelopeException;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sse.KeyWrap;

/**
 * The answer to a record request, encrypted to the requester's anonymous-certificate key: a fresh
 * AES-256 key wrapped to the certificate key with {@link KeyWrap} (RFC 9180 HPKE, base mode), then
 * the plaintext under that key with AES-256-GCM. Stateless and thread-safe.
 *
 * <p>Layout:
 *
 * <pre>
 *   offset   length  field
 *   0        1       version, {@value #VERSION}
 *   1        2       w, the length of the wrapped key, big-endian ({@value KeyWrap#P256_WRAPPED_SIZE}
 *                    for a P-256 key, {@value KeyWrap#X25519_WRAPPED_SIZE} for an Ed25519 key)
 *   3        w       the AES key wrapped with {@code KeyWrap.wrap(recipient, key, info, random)}
 *   3 + w    12      GCM nonce, random
 *   15 + w   n + 16  AES-256-GCM ciphertext of the n-byte plaintext, then the 128-bit tag;
 *                    the GCM associated data is {@code info}
 * </pre>
 *
 * <p>{@code info} ({@link #info}) names the request, both providers and the patient, and binds both
 * the wrapped key and the ciphertext to them: a sealed bundle cannot be replayed as the answer to
 * another request. Each AES key encrypts one message and is overwritten after use. Base mode does
 * not authenticate the sender; what makes the content trustworthy is that the requester verifies
 * every record against the ledger ({@link ExchangeVerifier}).
 *
 * <p>Failures name what is wrong with the layout and never contain any of the bytes.
 */
public final class SealedBundle {

  /** The only version of the layout. */
  public static final byte VERSION = 0x01;

  /** The largest plaintext sealed or opened: 16 MiB. */
  public static final int MAX_PLAINTEXT_BYTES = 16 * 1024 * 1024;

  /** The length of a request id. */
  public static final int REQUEST_ID_BYTES = 16;

  /** The domain tag of {@link #info}. */
  public static final String INFO_DOMAIN = "carechain/exchange/sealed-bundle/v1";

  static final int NONCE_SIZE = 12;
  static final int TAG_SIZE = 16;
  private static final int TAG_BITS = 8 * TAG_SIZE;
  private static final int HEADER_SIZE = 3;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private SealedBundle() {}

  /**
   * The context a sealed bundle is bound to:
   * {@code CanonicalEncoder.forDomain("carechain/exchange/sealed-bundle/v1").writeBytes(requestId)
   * .writeString(servingProvider).writeString(requestingProvider).writeHash(patientRef)}.
   *
   * @param requestId the request's random {@value #REQUEST_ID_BYTES}-byte id
   * @throws IllegalArgumentException if the request id is not {@value #REQUEST_ID_BYTES} bytes
   */
  public static byte[] info(byte[] requestId, String servingProvider, String requestingProvider, Hash patientRef) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(servingProvider, "servingProvider");
    Objects.requireNonNull(requestingProvider, "requestingProvider");
    Objects.requireNonNull(patientRef, "patientRef");
    if (requestId.length != REQUEST_ID_BYTES) {
      throw new IllegalArgumentException("a request id is " + REQUEST_ID_BYTES + " bytes, got " + requestId.length);
    }
    return CanonicalEncoder.forDomain(INFO_DOMAIN)
        .writeBytes(requestId)
        .writeString(servingProvider)
        .writeString(requestingProvider)
        .writeHash(patientRef)
        .toByteArray();
  }

  /** {@link #seal(SubjectPublicKey, byte[], byte[], SecureRandom)} to a certificate's key. */
  public static byte[] seal(AnonymousCertificate recipient, byte[] plaintext, byte[] info, SecureRandom random) {
    Objects.requireNonNull(recipient, "recipient");
    return seal(recipient.publicKey(), plaintext, info, random);
  }

  /**
   * Encrypts {@code plaintext} to {@code recipient}.
   *
   * @param info the context, usually {@link #info}; {@link #open} needs the same bytes
   * @throws IllegalArgumentException if the plaintext is longer than {@value #MAX_PLAINTEXT_BYTES}
   *     bytes, or the recipient is an Ed25519 key with no safe X25519 form
   */
  public static byte[] seal(SubjectPublicKey recipient, byte[] plaintext, byte[] info, SecureRandom random) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(random, "random");
    if (plaintext.length > MAX_PLAINTEXT_BYTES) {
      throw new IllegalArgumentException(
          "a sealed bundle holds at most " + MAX_PLAINTEXT_BYTES + " bytes, got " + plaintext.length);
    }
    byte[] key = new byte[KeyWrap.KEY_SIZE];
    random.nextBytes(key);
    try {
      byte[] wrapped = KeyWrap.wrap(recipient, key, info, random);
      byte[] nonce = new byte[NONCE_SIZE];
      random.nextBytes(nonce);
      byte[] ciphertext;
      try {
        ciphertext = cipher(Cipher.ENCRYPT_MODE, key, nonce, info).doFinal(plaintext);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM encryption failed", e);
      }
      byte[] sealed = new byte[HEADER_SIZE + wrapped.length + NONCE_SIZE + ciphertext.length];
      sealed[0] = VERSION;
      sealed[1] = (byte) (wrapped.length >>> 8);
      sealed[2] = (byte) wrapped.length;
      System.arraycopy(wrapped, 0, sealed, HEADER_SIZE, wrapped.length);
      System.arraycopy(nonce, 0, sealed, HEADER_SIZE + wrapped.length, NONCE_SIZE);
      System.arraycopy(ciphertext, 0, sealed, HEADER_SIZE + wrapped.length + NONCE_SIZE, ciphertext.length);
      return sealed;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Decrypts a bundle sealed to an Ed25519 certificate key.
   *
   * @throws MalformedEnvelopeException if {@code sealed} does not have the layout above
   * @throws java.security.InvalidKeyException if it was sealed to a P-256 key
   * @throws AEADBadTagException if it was sealed to another key or with another info, or altered
   */
  public static byte[] open(Ed25519PrivateKey recipient, byte[] sealed, byte[] info) throws GeneralSecurityException {
    Objects.requireNonNull(recipient, "recipient");
    Parts parts = Parts.of(sealed, info);
    return decrypt(KeyWrap.unwrap(recipient, parts.wrapped, info), parts, info);
  }

  /**
   * Decrypts a bundle with a JCA private key: an EC key on P-256, or an Ed25519 key that holds its
   * seed.
   *
   * @throws MalformedEnvelopeException if {@code sealed} does not have the layout above
   * @throws java.security.InvalidKeyException if the key is of another kind than the one the bundle
   *     was sealed to
   * @throws AEADBadTagException if it was sealed to another key or with another info, or altered
   */
  public static byte[] open(PrivateKey recipient, byte[] sealed, byte[] info) throws GeneralSecurityException {
    Objects.requireNonNull(recipient, "recipient");
    Parts parts = Parts.of(sealed, info);
    return decrypt(KeyWrap.unwrap(recipient, parts.wrapped, info), parts, info);
  }

  private static byte[] decrypt(byte[] key, Parts parts, byte[] info) throws GeneralSecurityException {
    try {
      return cipher(Cipher.DECRYPT_MODE, key, parts.nonce, info)
          .doFinal(parts.sealed, parts.ciphertextOffset, parts.sealed.length - parts.ciphertextOffset);
    } catch (AEADBadTagException e) {
      throw new AEADBadTagException("the sealed bundle does not open: sealed with another context, or altered");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] info) throws GeneralSecurityException {
    Cipher cipher;
    try {
      cipher = Cipher.getInstance(TRANSFORMATION);
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException(TRANSFORMATION + " is not available in this JDK", e);
    }
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(info);
    return cipher;
  }

  /**
   * The fields of a sealed bundle, after its layout has been checked; the ciphertext is read in
   * place, from {@code ciphertextOffset} to the end of {@code sealed}.
   */
  private record Parts(byte[] wrapped, byte[] nonce, byte[] sealed, int ciphertextOffset) {

    static Parts of(byte[] sealed, byte[] info) throws MalformedEnvelopeException {
      Objects.requireNonNull(sealed, "sealed");
      Objects.requireNonNull(info, "info");
      if (sealed.length < HEADER_SIZE) {
        throw new MalformedEnvelopeException("a sealed bundle is at least " + HEADER_SIZE + " bytes, got " + sealed.length);
      }
      if (sealed[0] != VERSION) {
        throw new MalformedEnvelopeException(
            "unknown sealed-bundle version " + (sealed[0] & 0xff) + ", expected " + VERSION);
      }
      int wrappedLength = ((sealed[1] & 0xff) << 8) | (sealed[2] & 0xff);
      if (wrappedLength != KeyWrap.P256_WRAPPED_SIZE && wrappedLength != KeyWrap.X25519_WRAPPED_SIZE) {
        throw new MalformedEnvelopeException("a wrapped key is " + KeyWrap.X25519_WRAPPED_SIZE + " or "
            + KeyWrap.P256_WRAPPED_SIZE + " bytes, the header says " + wrappedLength);
      }
      int nonceOffset = HEADER_SIZE + wrappedLength;
      int ciphertextOffset = nonceOffset + NONCE_SIZE;
      long ciphertextLength = (long) sealed.length - ciphertextOffset;
      if (ciphertextLength < TAG_SIZE) {
        throw new MalformedEnvelopeException("a sealed bundle with a " + wrappedLength + "-byte wrapped key is at least "
            + (ciphertextOffset + TAG_SIZE) + " bytes, got " + sealed.length);
      }
      if (ciphertextLength - TAG_SIZE > MAX_PLAINTEXT_BYTES) {
        throw new MalformedEnvelopeException(
            "a sealed bundle holds at most " + MAX_PLAINTEXT_BYTES + " bytes, got " + (ciphertextLength - TAG_SIZE));
      }
      return new Parts(Arrays.copyOfRange(sealed, HEADER_SIZE, nonceOffset),
          Arrays.copyOfRange(sealed, nonceOffset, ciphertextOffset), sealed, ciphertextOffset);
    }
  }
}

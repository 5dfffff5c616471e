package org.carechain.crypto.aead;

import java.util.Arrays;
import java.util.Objects;

/**
 * The byte layout of an {@link Aes256Gcm} ciphertext:
 *
 * <pre>
 *   offset  length  field
 *   0       1       version, {@value #VERSION}
 *   1       12      nonce, random per message
 *   13      n       ciphertext, as long as the plaintext
 *   13 + n  16      GCM tag
 * </pre>
 *
 * <p>The version byte is authenticated with the message (it is the first part of the GCM
 * associated data), so it cannot be changed without the tag failing. This class only checks the
 * layout; it decrypts nothing.
 */
public final class AesGcmEnvelope {

  /** The only version defined. */
  public static final byte VERSION = 0x01;

  /** Length of the nonce in bytes (96 bits, the size GCM is designed for). */
  public static final int NONCE_SIZE = 12;

  /** Length of the GCM tag in bytes (128 bits). */
  public static final int TAG_SIZE = 16;

  /** Bytes an envelope adds to its plaintext: version, nonce and tag. */
  public static final int OVERHEAD = 1 + NONCE_SIZE + TAG_SIZE;

  private static final int NONCE_OFFSET = 1;
  private static final int CIPHERTEXT_OFFSET = NONCE_OFFSET + NONCE_SIZE;

  private final byte[] bytes;

  private AesGcmEnvelope(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Checks the layout of {@code envelope} and keeps a copy.
   *
   * @throws MalformedEnvelopeException if it is shorter than {@value #OVERHEAD} bytes or its
   *     version is not {@value #VERSION}
   */
  public static AesGcmEnvelope parse(byte[] envelope) throws MalformedEnvelopeException {
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.length < OVERHEAD) {
      throw new MalformedEnvelopeException("an AES-GCM envelope is at least " + OVERHEAD
          + " bytes (version, nonce, tag), got " + envelope.length);
    }
    if (envelope[0] != VERSION) {
      throw new MalformedEnvelopeException(
          "unknown AES-GCM envelope version " + (envelope[0] & 0xff) + ", expected " + VERSION);
    }
    return new AesGcmEnvelope(envelope.clone());
  }

  static byte[] assemble(byte[] nonce, byte[] ciphertextWithTag) {
    byte[] envelope = new byte[CIPHERTEXT_OFFSET + ciphertextWithTag.length];
    envelope[0] = VERSION;
    System.arraycopy(nonce, 0, envelope, NONCE_OFFSET, NONCE_SIZE);
    System.arraycopy(ciphertextWithTag, 0, envelope, CIPHERTEXT_OFFSET, ciphertextWithTag.length);
    return envelope;
  }

  /** The version byte, which is also the GCM associated data's prefix. */
  byte[] header() {
    return new byte[] {bytes[0]};
  }

  public byte[] nonce() {
    return Arrays.copyOfRange(bytes, NONCE_OFFSET, CIPHERTEXT_OFFSET);
  }

  /** The ciphertext followed by the 16-byte tag. */
  public byte[] ciphertextWithTag() {
    return Arrays.copyOfRange(bytes, CIPHERTEXT_OFFSET, bytes.length);
  }

  /** Length of the plaintext this envelope decrypts to. */
  public int plaintextLength() {
    return bytes.length - OVERHEAD;
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "AesGcmEnvelope{plaintextLength=" + plaintextLength() + "}";
  }
}

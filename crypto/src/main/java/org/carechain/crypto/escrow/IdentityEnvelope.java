package org.carechain.crypto.escrow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.Aes256Gcm;
import org.carechain.crypto.aead.Aes256GcmKey;
import org.carechain.crypto.aead.AesGcmEnvelope;
import org.carechain.crypto.aead.MalformedEnvelopeException;

/**
 * A person's identity attributes encrypted for the consortium escrow key, as the registration
 * authority stores them; only its {@link #hash()} goes on chain.
 *
 * <p>The attributes (bytes the caller makes, such as canonical JSON) are sealed with
 * {@link Aes256Gcm} under a fresh random data key, and the data key is wrapped for the escrow key
 * with {@link EscrowCipher#wrap}. Layout of {@link #toByteArray()}:
 *
 * <pre>
 *   offset  length  field
 *   0       1       version, {@value #VERSION}
 *   1       81      wrapped data key ({@link EscrowCipher} wrapped-key format; HPKE info
 *                   {@value #WRAP_INFO})
 *   82      n + 29  AES-GCM envelope of the n attribute bytes ({@link AesGcmEnvelope} layout), whose
 *                   associated data is bytes 0..81 (version and wrapped key)
 * </pre>
 *
 * <p>Any change to any byte makes {@link #open} fail, and two envelopes of the same identity share
 * no bytes beyond the version, since the data key, HPKE ephemeral key and nonce are all fresh. The
 * length of the attributes is not hidden. {@link #toString()} shows the hash and length only.
 */
public final class IdentityEnvelope {

  /** The only version defined. */
  public static final byte VERSION = 0x01;

  /** The info the data key is wrapped with, binding it to this use. */
  static final String WRAP_INFO = "CareChain identity envelope v1";

  private static final int HEADER_SIZE = 1 + EscrowCipher.WRAPPED_KEY_SIZE;

  /** Length of an envelope of empty attributes; real ones are longer. */
  public static final int OVERHEAD = HEADER_SIZE + AesGcmEnvelope.OVERHEAD;

  private final byte[] bytes;
  private final Hash hash;

  private IdentityEnvelope(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Hash.sha256(bytes);
  }

  /**
   * Encrypts {@code identity} for the escrow key; all randomness (data key, HPKE ephemeral key,
   * nonce) is drawn from {@code random}.
   *
   * @throws IllegalArgumentException if {@code identity} is empty
   */
  public static IdentityEnvelope seal(
      byte[] identity, EscrowPublicKey escrowKey, SecureRandom random) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(random, "random");
    if (identity.length == 0) {
      throw new IllegalArgumentException("the identity to seal is empty");
    }
    Aes256GcmKey dataKey = Aes256GcmKey.generate(random);
    byte[] header = new byte[HEADER_SIZE];
    header[0] = VERSION;
    byte[] wrapped = EscrowCipher.wrap(escrowKey, dataKey, wrapInfo(), random);
    System.arraycopy(wrapped, 0, header, 1, wrapped.length);
    byte[] body = Aes256Gcm.seal(dataKey, identity, header, random);
    byte[] envelope = Arrays.copyOf(header, HEADER_SIZE + body.length);
    System.arraycopy(body, 0, envelope, HEADER_SIZE, body.length);
    return new IdentityEnvelope(envelope);
  }

  /**
   * Checks the layout of stored envelope bytes and keeps a copy.
   *
   * @throws MalformedEnvelopeException if they are too short or have an unknown version
   */
  public static IdentityEnvelope parse(byte[] envelope) throws MalformedEnvelopeException {
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.length < OVERHEAD + 1) {
      throw new MalformedEnvelopeException("an identity envelope is at least " + (OVERHEAD + 1)
          + " bytes, got " + envelope.length);
    }
    if (envelope[0] != VERSION) {
      throw new MalformedEnvelopeException(
          "unknown identity envelope version " + (envelope[0] & 0xff) + ", expected " + VERSION);
    }
    return new IdentityEnvelope(envelope.clone());
  }

  /**
   * Parses and opens stored envelope bytes in one step.
   *
   * @see #open(EscrowKeyPair)
   */
  public static byte[] open(byte[] envelope, EscrowKeyPair escrowKey)
      throws GeneralSecurityException {
    return parse(envelope).open(escrowKey);
  }

  /**
   * Decrypts the identity attributes with the whole escrow private key. Tracing uses {@link
   * #openWithSharedSecret} instead, so that the private key is never rebuilt.
   *
   * @throws MalformedEnvelopeException if an inner part does not have its layout
   * @throws javax.crypto.AEADBadTagException if the envelope was not sealed for this key or any byte
   *     of it was changed
   */
  public byte[] open(EscrowKeyPair escrowKey) throws GeneralSecurityException {
    Objects.requireNonNull(escrowKey, "escrowKey");
    byte[] header = Arrays.copyOfRange(bytes, 0, HEADER_SIZE);
    Aes256GcmKey dataKey =
        EscrowCipher.unwrap(escrowKey, Arrays.copyOfRange(header, 1, HEADER_SIZE), wrapInfo());
    return Aes256Gcm.open(dataKey, Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length), header);
  }

  /**
   * Decrypts the identity attributes from the X25519 output for {@link #encapsulatedKey()}, as k
   * officers' partial decryptions combine to ({@link ThresholdEscrow#combine}).
   *
   * @throws MalformedEnvelopeException if an inner part does not have its layout
   * @throws javax.crypto.AEADBadTagException if the envelope was not sealed for this key, any byte
   *     of it was changed, or the shared secret is not the one for its encapsulated key
   */
  public byte[] openWithSharedSecret(EscrowPublicKey escrowKey, byte[] sharedSecret)
      throws GeneralSecurityException {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(sharedSecret, "sharedSecret");
    byte[] header = Arrays.copyOfRange(bytes, 0, HEADER_SIZE);
    Aes256GcmKey dataKey = EscrowCipher.unwrapWithSharedSecret(
        escrowKey, sharedSecret, Arrays.copyOfRange(header, 1, HEADER_SIZE), wrapInfo());
    return Aes256Gcm.open(dataKey, Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length), header);
  }

  /**
   * The HPKE encapsulated key of the wrapped data key: what each officer computes a {@linkplain
   * ThresholdEscrow#partial partial decryption} of to open this envelope.
   */
  public byte[] encapsulatedKey() {
    return Arrays.copyOfRange(bytes, 2, 2 + EscrowCipher.ENC_SIZE);
  }

  /** SHA-256 of {@link #toByteArray()}: what the registration record on chain commits to. */
  public Hash hash() {
    return hash;
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Length of the encrypted identity attributes in bytes. */
  public int identityLength() {
    return bytes.length - OVERHEAD;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityEnvelope that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "IdentityEnvelope{hash=" + hash + ", identityLength=" + identityLength() + "}";
  }

  private static byte[] wrapInfo() {
    return WRAP_INFO.getBytes(StandardCharsets.US_ASCII);
  }
}

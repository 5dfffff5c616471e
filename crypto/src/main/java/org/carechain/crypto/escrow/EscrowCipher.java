package org.carechain.crypto.escrow;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.carechain.crypto.aead.Aes256GcmKey;
import org.carechain.crypto.aead.MalformedEnvelopeException;

/**
 * Public-key encryption to the escrow key with RFC 9180 HPKE, base mode, suite
 * DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM (kem 0x0020, kdf 0x0001, aead 0x0001),
 * the suite of RFC 9180 Appendix A.1, whose vectors BouncyCastle's HPKE is checked against.
 * Stateless and thread-safe.
 *
 * <p>AES-128-GCM inside HPKE does not weaken the 256-bit data key it wraps below the scheme's
 * level: X25519 gives about 128-bit security, which bounds the whole construction anyway.
 *
 * <p>Each message has a fresh ephemeral key drawn from the {@link SecureRandom} passed in, so
 * encrypting the same input twice gives unrelated outputs. HPKE base mode is IND-CCA2 secure
 * (RFC 9180 section 9.1), which makes link tags unlinkable: without the escrow private key, two
 * tags of one registration id cannot be told from tags of two different ids. Base mode does not
 * authenticate the sender; anyone can make a well-formed tag, so a tag's authenticity comes from
 * the certificate signature around it.
 *
 * <p>Formats (the version byte is also the HPKE associated data, so it cannot be changed):
 *
 * <pre>
 *   wrapped key: version 0x01 (1) || enc (32) || HPKE ciphertext of the 32-byte key (48)  = 81 bytes
 *   link tag:    version 0x01 (1) || enc (32) || HPKE ciphertext of rid (rid length + 16)
 * </pre>
 *
 * <p>Both formats can be opened either with the whole private key ({@link #unwrap}, {@link
 * #openLinkTag}) or, for threshold decryption, with the X25519 output that k officers' partial
 * decryptions combine to ({@link #unwrapWithSharedSecret}, {@link #openLinkTagWithSharedSecret});
 * the bytes are the same either way.
 *
 * <p>The HPKE info string separates the two uses: {@value #DATA_KEY_LABEL} followed by a zero byte
 * and the caller's info for wrapped keys, and {@value #LINK_TAG_LABEL} for link tags, so neither
 * can be opened as the other. A link tag reveals the length of the rid; use fixed-length rids.
 */
public final class EscrowCipher {

  /** The only version of both formats. */
  public static final byte VERSION = 0x01;

  /** Length of the HPKE encapsulated key (an X25519 public key). */
  public static final int ENC_SIZE = 32;

  /** Length of the HPKE AEAD tag. */
  public static final int TAG_SIZE = 16;

  /** Length of a wrapped data key. */
  public static final int WRAPPED_KEY_SIZE = 1 + ENC_SIZE + Aes256GcmKey.SIZE + TAG_SIZE;

  /** Longest registration id a link tag holds, in bytes. */
  public static final int MAX_RID_SIZE = 64;

  static final String DATA_KEY_LABEL = "CareChain escrow data key v1";
  static final String LINK_TAG_LABEL = "CareChain escrow link tag v1";

  private static final byte[] HEADER = {VERSION};
  private static final int HEADER_SIZE = HEADER.length;

  private EscrowCipher() {}

  /**
   * Wraps a data key for the escrow key.
   *
   * @param info context the key is bound to (for example what it encrypts); {@link #unwrap} needs
   *     the same bytes. May be empty.
   * @return {@value #WRAPPED_KEY_SIZE} bytes in the wrapped-key format
   */
  public static byte[] wrap(
      EscrowPublicKey escrowKey, Aes256GcmKey dataKey, byte[] info, SecureRandom random) {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(dataKey, "dataKey");
    Objects.requireNonNull(info, "info");
    byte[] keyBytes = dataKey.exportKeyBytes();
    try {
      return seal(escrowKey, dataKeyInfo(info), keyBytes, ephemeral(random));
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
  }

  /**
   * Unwraps a data key wrapped by {@link #wrap} with the same info.
   *
   * @throws MalformedEnvelopeException if {@code wrappedKey} is not {@value #WRAPPED_KEY_SIZE}
   *     bytes or has an unknown version
   * @throws AEADBadTagException if it was not wrapped for this key with this info, or was altered
   */
  public static Aes256GcmKey unwrap(EscrowKeyPair escrowKey, byte[] wrappedKey, byte[] info)
      throws MalformedEnvelopeException, AEADBadTagException {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(wrappedKey, "wrappedKey");
    Objects.requireNonNull(info, "info");
    checkWrappedKeyLayout(wrappedKey);
    return dataKey(open(escrowKey, dataKeyInfo(info), wrappedKey, "wrapped data key"));
  }

  /**
   * {@link #unwrap} for threshold decryption: from the X25519 output for the wrapped key's
   * {@linkplain #encapsulatedKey encapsulated key} ({@link ThresholdEscrow#combine}) instead of the
   * private key.
   *
   * @param sharedSecret X25519(escrow private key, enc), 32 bytes
   * @throws MalformedEnvelopeException as {@link #unwrap}
   * @throws AEADBadTagException if it was not wrapped for this key with this info, was altered, or
   *     the shared secret is not the one for its enc
   */
  public static Aes256GcmKey unwrapWithSharedSecret(EscrowPublicKey escrowKey, byte[] sharedSecret,
      byte[] wrappedKey, byte[] info) throws MalformedEnvelopeException, AEADBadTagException {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(sharedSecret, "sharedSecret");
    Objects.requireNonNull(wrappedKey, "wrappedKey");
    Objects.requireNonNull(info, "info");
    checkWrappedKeyLayout(wrappedKey);
    return dataKey(openWithSharedSecret(
        escrowKey, sharedSecret, dataKeyInfo(info), wrappedKey, "wrapped data key"));
  }

  /**
   * The HPKE encapsulated key (the sender's ephemeral X25519 public key) of a wrapped key or link
   * tag: what each officer computes a {@linkplain ThresholdEscrow#partial partial decryption} of.
   *
   * @throws MalformedEnvelopeException if {@code message} is too short to be a wrapped key or a link
   *     tag, or has an unknown version
   */
  public static byte[] encapsulatedKey(byte[] message) throws MalformedEnvelopeException {
    Objects.requireNonNull(message, "message");
    if (message.length < HEADER_SIZE + ENC_SIZE + TAG_SIZE + 1) {
      throw new MalformedEnvelopeException("a wrapped key or link tag is at least "
          + (HEADER_SIZE + ENC_SIZE + TAG_SIZE + 1) + " bytes, got " + message.length);
    }
    checkVersion(message, "wrapped key or link tag");
    return Arrays.copyOfRange(message, HEADER_SIZE, HEADER_SIZE + ENC_SIZE);
  }

  /**
   * A link tag: a randomised encryption of {@code rid} to the escrow key, for an anonymous
   * certificate. Two tags of the same rid differ.
   *
   * @throws IllegalArgumentException if {@code rid} is empty or longer than {@value #MAX_RID_SIZE}
   *     bytes
   */
  public static byte[] linkTag(EscrowPublicKey escrowKey, byte[] rid, SecureRandom random) {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(rid, "rid");
    if (rid.length < 1 || rid.length > MAX_RID_SIZE) {
      throw new IllegalArgumentException(
          "a registration id in a link tag is 1.." + MAX_RID_SIZE + " bytes, got " + rid.length);
    }
    return seal(escrowKey, linkTagInfo(), rid, ephemeral(random));
  }

  /**
   * The registration id inside a link tag made by {@link #linkTag}.
   *
   * @throws MalformedEnvelopeException if {@code linkTag} is too short or too long to hold a rid,
   *     or has an unknown version
   * @throws AEADBadTagException if it was not made for this key, or was altered
   */
  public static byte[] openLinkTag(EscrowKeyPair escrowKey, byte[] linkTag)
      throws MalformedEnvelopeException, AEADBadTagException {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(linkTag, "linkTag");
    checkLinkTagLayout(linkTag);
    return open(escrowKey, linkTagInfo(), linkTag, "link tag");
  }

  /**
   * {@link #openLinkTag} for threshold decryption: from the X25519 output for the tag's
   * {@linkplain #encapsulatedKey encapsulated key} ({@link ThresholdEscrow#combine}) instead of the
   * private key.
   *
   * @param sharedSecret X25519(escrow private key, enc), 32 bytes
   * @throws MalformedEnvelopeException as {@link #openLinkTag}
   * @throws AEADBadTagException if it was not made for this key, was altered, or the shared secret
   *     is not the one for its enc
   */
  public static byte[] openLinkTagWithSharedSecret(
      EscrowPublicKey escrowKey, byte[] sharedSecret, byte[] linkTag)
      throws MalformedEnvelopeException, AEADBadTagException {
    Objects.requireNonNull(escrowKey, "escrowKey");
    Objects.requireNonNull(sharedSecret, "sharedSecret");
    Objects.requireNonNull(linkTag, "linkTag");
    checkLinkTagLayout(linkTag);
    return openWithSharedSecret(escrowKey, sharedSecret, linkTagInfo(), linkTag, "link tag");
  }

  private static void checkWrappedKeyLayout(byte[] wrappedKey) throws MalformedEnvelopeException {
    if (wrappedKey.length != WRAPPED_KEY_SIZE) {
      throw new MalformedEnvelopeException(
          "a wrapped data key is " + WRAPPED_KEY_SIZE + " bytes, got " + wrappedKey.length);
    }
  }

  private static void checkLinkTagLayout(byte[] linkTag) throws MalformedEnvelopeException {
    int overhead = HEADER_SIZE + ENC_SIZE + TAG_SIZE;
    if (linkTag.length < overhead + 1 || linkTag.length > overhead + MAX_RID_SIZE) {
      throw new MalformedEnvelopeException("a link tag is " + (overhead + 1) + ".."
          + (overhead + MAX_RID_SIZE) + " bytes, got " + linkTag.length);
    }
  }

  private static void checkVersion(byte[] message, String what) throws MalformedEnvelopeException {
    if (message[0] != VERSION) {
      throw new MalformedEnvelopeException(
          "unknown " + what + " version " + (message[0] & 0xff) + ", expected " + VERSION);
    }
  }

  private static Aes256GcmKey dataKey(byte[] keyBytes) {
    try {
      return Aes256GcmKey.create(keyBytes);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("an authenticated wrapped key has the wrong length", e);
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
  }

  private static byte[] seal(
      EscrowPublicKey recipient, byte[] info, byte[] plaintext, AsymmetricCipherKeyPair ephemeral) {
    byte[][] encAndCiphertext = hpkeSeal(recipient, info, HEADER, plaintext, ephemeral);
    byte[] enc = encAndCiphertext[0];
    byte[] ciphertext = encAndCiphertext[1];
    byte[] message = new byte[HEADER_SIZE + enc.length + ciphertext.length];
    message[0] = VERSION;
    System.arraycopy(enc, 0, message, HEADER_SIZE, enc.length);
    System.arraycopy(ciphertext, 0, message, HEADER_SIZE + enc.length, ciphertext.length);
    return message;
  }

  private static byte[] open(EscrowKeyPair recipient, byte[] info, byte[] message, String what)
      throws MalformedEnvelopeException, AEADBadTagException {
    checkVersion(message, what);
    byte[] enc = Arrays.copyOfRange(message, HEADER_SIZE, HEADER_SIZE + ENC_SIZE);
    byte[] ciphertext = Arrays.copyOfRange(message, HEADER_SIZE + ENC_SIZE, message.length);
    try {
      return hpkeOpen(recipient, enc, info, HEADER, ciphertext);
    } catch (AEADBadTagException e) {
      throw new AEADBadTagException(what + " does not open under escrow key " + recipient.keyId()
          + ": made for another key or context, or altered");
    }
  }

  private static byte[] openWithSharedSecret(EscrowPublicKey recipient, byte[] sharedSecret,
      byte[] info, byte[] message, String what)
      throws MalformedEnvelopeException, AEADBadTagException {
    checkVersion(message, what);
    if (sharedSecret.length != ENC_SIZE) {
      throw new IllegalArgumentException(
          "an X25519 shared secret is " + ENC_SIZE + " bytes, got " + sharedSecret.length);
    }
    byte[] enc = Arrays.copyOfRange(message, HEADER_SIZE, HEADER_SIZE + ENC_SIZE);
    byte[] ciphertext = Arrays.copyOfRange(message, HEADER_SIZE + ENC_SIZE, message.length);
    try {
      return HpkeBaseReceiver.open(
          sharedSecret, enc, recipient.toByteArray(), info, HEADER, ciphertext);
    } catch (AEADBadTagException e) {
      throw new AEADBadTagException(what + " does not open under escrow key " + recipient.keyId()
          + " with the combined shared secret: made for another key or context, altered, or the"
          + " partial decryptions were for another message");
    }
  }

  /** HPKE SetupBaseS with a given ephemeral key pair, then one Seal: {enc, ciphertext}. */
  static byte[][] hpkeSeal(EscrowPublicKey recipient, byte[] info, byte[] aad, byte[] plaintext,
      AsymmetricCipherKeyPair ephemeral) {
    try {
      var context = suite().setupBaseS(recipient.parameters(), info, ephemeral);
      return new byte[][] {context.getEncapsulation(), context.seal(aad, plaintext)};
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
  }

  /** HPKE SetupBaseR, then one Open. */
  static byte[] hpkeOpen(EscrowKeyPair recipient, byte[] enc, byte[] info, byte[] aad,
      byte[] ciphertext) throws AEADBadTagException {
    try {
      return suite().setupBaseR(enc, recipient.hpkeKeyPair(), info).open(aad, ciphertext);
    } catch (InvalidCipherTextException e) {
      throw new AEADBadTagException("HPKE open failed");
    } catch (IllegalStateException | IllegalArgumentException e) {
      // BouncyCastle refuses an enc that is a low-order point (all-zero shared secret) this way.
      throw new AEADBadTagException("HPKE decapsulation failed");
    }
  }

  /**
   * A new suite object per operation: BouncyCastle's DHKEM keeps a mutable agreement object, so a
   * shared one would not be thread-safe.
   */
  static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256,
        HPKE.aead_AES_GCM128);
  }

  private static AsymmetricCipherKeyPair ephemeral(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(random);
    return new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey);
  }

  private static byte[] dataKeyInfo(byte[] callerInfo) {
    byte[] label = DATA_KEY_LABEL.getBytes(StandardCharsets.US_ASCII);
    byte[] info = new byte[label.length + 1 + callerInfo.length];
    System.arraycopy(label, 0, info, 0, label.length);
    System.arraycopy(callerInfo, 0, info, label.length + 1, callerInfo.length);
    return info;
  }

  private static byte[] linkTagInfo() {
    return LINK_TAG_LABEL.getBytes(StandardCharsets.US_ASCII);
  }
}

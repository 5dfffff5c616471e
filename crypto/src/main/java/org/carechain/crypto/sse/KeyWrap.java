package org.carechain.crypto.sse;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.BigIntegers;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.MalformedEnvelopeException;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.PublicKeyAlgorithm;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;

/**
 * Wraps a 32-byte key (a keyword's encryption key) to the public key of a user's anonymous
 * certificate, so that only the holder of the certificate's private key can unwrap it. RFC 9180
 * HPKE, base mode, one Seal per wrap. Stateless and thread-safe.
 *
 * <p>Suites, by certificate key:
 *
 * <ul>
 *   <li>P-256: DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM (0x0010, 0x0001, 0x0002);
 *   <li>Ed25519: DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM (0x0020, 0x0001, 0x0002),
 *       to the X25519 form of the Ed25519 key (below).
 * </ul>
 *
 * <p>Format; the 7-byte header is also the HPKE associated data, so no byte of it can be changed:
 *
 * <pre>
 *   version 0x01 (1) || kem_id (2) || kdf_id (2) || aead_id (2) || enc (65 for P-256, 32 for X25519)
 *       || HPKE ciphertext of the key (32 + 16)                     = 120 or 87 bytes
 *   HPKE info = CanonicalEncoder.forDomain("carechain/search/key-wrap/v1").writeBytes(info)
 * </pre>
 *
 * <p>The caller's {@code info} is the context the key belongs to; {@link #keywordKeyInfo} builds it
 * for a keyword key (owner, security label, keyword tag), so a wrapped key cannot be presented as
 * the key of another keyword, label or owner. The KEM binds the recipient's public key into the
 * shared secret, so a wrapped key opens only for the key it was made for. Each wrap draws a fresh
 * ephemeral key from the {@link SecureRandom} passed in (as DeriveKeyPair(32 random bytes), which
 * RFC 9180 section 7.1.3 allows for GenerateKeyPair), so two wraps of one key are unlinkable.
 * Base mode does not authenticate the sender: the owner's signed statement around the token does.
 *
 * <p><b>Ed25519 keys used for X25519.</b> An Ed25519 certificate key is converted as libsodium's
 * {@code crypto_sign_ed25519_pk_to_curve25519} and {@code crypto_sign_ed25519_sk_to_curve25519} do:
 * the public key becomes the Montgomery u = (1 + y) / (1 − y) mod 2<sup>255</sup> − 19 of its
 * Edwards y, and the private key becomes the X25519 scalar made of the first 32 bytes of
 * SHA-512(seed), clamped, which is the secret scalar Ed25519 itself signs with, so both halves
 * describe one key pair. Why this is acceptable here: a user holds one certificate key and there is
 * no separate encryption certificate to wrap to; the only X25519 use is HPKE's DHKEM, whose
 * derivations are domain-separated from Ed25519's hashing; Thormarker, "On using the same key pair
 * for Ed25519 and an X25519 based KEM" (2021, cited by libsodium's documentation), proves that
 * Ed25519 signatures and such a KEM stay secure when they share a key pair; and age (for
 * ssh-ed25519 recipients) does the same. Caveats: that proof holds in an idealised (random-oracle)
 * model, and libsodium still advises separate keys where one can afford them; one compromise of the
 * key breaks both uses at once, so revoking the certificate must be treated as revoking every key
 * wrapped to it; the conversion drops the sign of x, so an Ed25519 key and its negation share one
 * X25519 key (no one holds a seed for the negation, so this hands no one a key); and keys of small
 * or mixed order are refused, since their u would give a predictable shared secret.
 */
public final class KeyWrap {

  /** The only version of the format. */
  public static final byte VERSION = 0x01;

  /** Length of the key that is wrapped. */
  public static final int KEY_SIZE = 32;

  private static final int HEADER_SIZE = 7;
  private static final int TAG_SIZE = 16;

  /** Length of a key wrapped to a P-256 certificate key. */
  public static final int P256_WRAPPED_SIZE = HEADER_SIZE + 65 + KEY_SIZE + TAG_SIZE;

  /** Length of a key wrapped to an Ed25519 certificate key. */
  public static final int X25519_WRAPPED_SIZE = HEADER_SIZE + 32 + KEY_SIZE + TAG_SIZE;

  /** Domain tag of the HPKE info. */
  static final String INFO_DOMAIN = "carechain/search/key-wrap/v1";

  /** Domain tag of {@link #keywordKeyInfo}. */
  static final String KEYWORD_KEY_DOMAIN = "carechain/search/keyword-key-wrap-context/v1";

  private static final int IKM_SIZE = 32;
  private static final BigInteger CURVE25519_P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final ECParameterSpec P256_PARAMETERS = p256Parameters();

  /** The two HPKE suites, one per kind of certificate key. */
  enum Suite {
    P256(HPKE.kem_P256_SHA256, 65),
    X25519(HPKE.kem_X25519_SHA256, 32);

    final short kemId;
    final int encSize;

    Suite(short kemId, int encSize) {
      this.kemId = kemId;
      this.encSize = encSize;
    }

    /**
     * A new HPKE object per operation: BouncyCastle's DHKEM keeps a mutable agreement object, so a
     * shared one would not be thread-safe.
     */
    HPKE hpke() {
      return new HPKE(HPKE.mode_base, kemId, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    byte[] header() {
      return new byte[] {VERSION,
          (byte) (kemId >>> 8), (byte) kemId,
          (byte) (HPKE.kdf_HKDF_SHA256 >>> 8), (byte) HPKE.kdf_HKDF_SHA256,
          (byte) (HPKE.aead_AES_GCM256 >>> 8), (byte) HPKE.aead_AES_GCM256};
    }

    int wrappedSize() {
      return HEADER_SIZE + encSize + KEY_SIZE + TAG_SIZE;
    }
  }

  private KeyWrap() {}

  /**
   * The info for wrapping the encryption key of one keyword:
   * {@code CanonicalEncoder.forDomain("carechain/search/keyword-key-wrap-context/v1")
   * .writeString(owner).writeString(label.name()).writeHash(keywordTag)}.
   */
  public static byte[] keywordKeyInfo(String owner, SecurityLabel label, Hash keywordTag) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(keywordTag, "keywordTag");
    return CanonicalEncoder.forDomain(KEYWORD_KEY_DOMAIN)
        .writeString(owner)
        .writeString(label.name())
        .writeHash(keywordTag)
        .toByteArray();
  }

  /** {@link #wrap(SubjectPublicKey, byte[], byte[], SecureRandom)} to a certificate's key. */
  public static byte[] wrap(AnonymousCertificate recipient, byte[] key, byte[] info, SecureRandom random) {
    Objects.requireNonNull(recipient, "recipient");
    return wrap(recipient.publicKey(), key, info, random);
  }

  /**
   * Wraps {@code key} to {@code recipient}.
   *
   * @param info the context the key is bound to; {@link #unwrap} needs the same bytes
   * @return the wrapped key in the format of the class comment: {@value #P256_WRAPPED_SIZE} bytes
   *     for a P-256 key, {@value #X25519_WRAPPED_SIZE} for an Ed25519 key
   * @throws IllegalArgumentException if {@code key} is not 32 bytes, or the recipient is an Ed25519
   *     key of small or mixed order, which has no safe X25519 form
   */
  public static byte[] wrap(SubjectPublicKey recipient, byte[] key, byte[] info, SecureRandom random) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(random, "random");
    if (key.length != KEY_SIZE) {
      throw new IllegalArgumentException("a wrapped key is " + KEY_SIZE + " bytes, got " + key.length);
    }
    Suite suite = suiteFor(recipient.algorithm());
    byte[] ikm = new byte[IKM_SIZE];
    random.nextBytes(ikm);
    try {
      HPKE hpke = suite.hpke();
      return seal(suite, hpke, hpke.deserializePublicKey(recipientKeyBytes(recipient)), key, info,
          hpke.deriveKeyPair(ikm));
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /**
   * Unwraps a key wrapped to an Ed25519 certificate key.
   *
   * @throws MalformedEnvelopeException if {@code wrapped} does not have the layout of a wrapped key
   * @throws InvalidKeyException if it was wrapped to a P-256 key, not an Ed25519 one
   * @throws AEADBadTagException if it was wrapped to another key or with another info, or altered
   */
  public static byte[] unwrap(Ed25519PrivateKey recipient, byte[] wrapped, byte[] info)
      throws GeneralSecurityException {
    Objects.requireNonNull(recipient, "recipient");
    byte[] seed = recipient.exportSeed();
    try {
      return unwrapWithEd25519Seed(seed, wrapped, info);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * Unwraps a key with a JCA private key: an {@link ECPrivateKey} on P-256, or an Ed25519
   * {@link EdECPrivateKey} that holds its seed.
   *
   * @throws MalformedEnvelopeException if {@code wrapped} does not have the layout of a wrapped key
   * @throws InvalidKeyException if the key is of another kind, or of the other kind than the one
   *     the key was wrapped to
   * @throws AEADBadTagException if it was wrapped to another key or with another info, or altered
   */
  public static byte[] unwrap(PrivateKey recipient, byte[] wrapped, byte[] info)
      throws GeneralSecurityException {
    Objects.requireNonNull(recipient, "recipient");
    if (recipient instanceof EdECPrivateKey edKey
        && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(edKey.getParams().getName())) {
      byte[] seed = edKey.getBytes()
          .orElseThrow(() -> new InvalidKeyException("this Ed25519 private key does not expose its seed"));
      try {
        return unwrapWithEd25519Seed(seed, wrapped, info);
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    }
    if (recipient instanceof ECPrivateKey ecKey) {
      return unwrapWithP256(ecKey, wrapped, info);
    }
    throw new InvalidKeyException("a wrapped key opens with an Ed25519 or EC P-256 private key, not "
        + recipient.getAlgorithm());
  }

  private static byte[] unwrapWithEd25519Seed(byte[] seed, byte[] wrapped, byte[] info)
      throws GeneralSecurityException {
    Suite suite = parseHeader(wrapped, info);
    requireSuite(suite, Suite.X25519);
    byte[] scalar = x25519PrivateKey(seed);
    try {
      X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(scalar);
      return open(suite, new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey), wrapped, info);
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  private static byte[] unwrapWithP256(ECPrivateKey key, byte[] wrapped, byte[] info)
      throws GeneralSecurityException {
    if (!isP256(key.getParams())) {
      throw new InvalidKeyException("an EC private key that unwraps must be on P-256");
    }
    BigInteger d = key.getS();
    if (d.signum() <= 0 || d.compareTo(P256_PARAMETERS.getOrder()) >= 0) {
      throw new InvalidKeyException("not a valid P-256 private key");
    }
    Suite suite = parseHeader(wrapped, info);
    requireSuite(suite, Suite.P256);
    byte[] encoded = BigIntegers.asUnsignedByteArray(32, d);
    try {
      return open(suite, suite.hpke().deserializePrivateKey(encoded, null), wrapped, info);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
  }

  /**
   * The X25519 form of an Ed25519 public key: u = (1 + y) / (1 − y) mod p, little-endian, as
   * libsodium's {@code crypto_sign_ed25519_pk_to_curve25519}.
   *
   * @throws IllegalArgumentException if the key is not a canonical encoding of a point of prime
   *     order (small-order and mixed-order keys are refused)
   */
  static byte[] x25519PublicKey(byte[] ed25519PublicKey) {
    if (ed25519PublicKey.length != Ed25519.PUBLIC_KEY_SIZE
        || !Ed25519.validatePublicKeyFull(ed25519PublicKey, 0)) {
      throw new IllegalArgumentException(
          "this Ed25519 key is not a canonical point of prime order, so it has no safe X25519 form");
    }
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[31 - i] = ed25519PublicKey[i];
    }
    bigEndian[0] &= 0x7f; // the top bit is the sign of x
    BigInteger y = new BigInteger(1, bigEndian);
    // Full validation refused y = 1 (the identity), so 1 - y is invertible.
    BigInteger u = BigInteger.ONE.add(y)
        .multiply(BigInteger.ONE.subtract(y).modInverse(CURVE25519_P))
        .mod(CURVE25519_P);
    byte[] uBigEndian = BigIntegers.asUnsignedByteArray(32, u);
    byte[] littleEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      littleEndian[i] = uBigEndian[31 - i];
    }
    return littleEndian;
  }

  /**
   * The X25519 private key of an Ed25519 seed: SHA-512(seed)[0..32], clamped (RFC 7748
   * decodeScalar25519), as libsodium's {@code crypto_sign_ed25519_sk_to_curve25519}. The caller
   * owns the result and should overwrite it.
   */
  static byte[] x25519PrivateKey(byte[] ed25519Seed) {
    if (ed25519Seed.length != Ed25519PrivateKey.SEED_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is " + Ed25519PrivateKey.SEED_SIZE + " bytes");
    }
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-512").digest(ed25519Seed);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from this JDK", e);
    }
    byte[] scalar = Arrays.copyOf(digest, X25519.SCALAR_SIZE);
    Arrays.fill(digest, (byte) 0);
    X25519.clampPrivateKey(scalar);
    return scalar;
  }

  /** The suite's KEM input for a certificate key: the P-256 point, or the X25519 form. */
  private static byte[] recipientKeyBytes(SubjectPublicKey recipient) {
    byte[] point = SubjectPublicKeyInfo.getInstance(recipient.toDer()).getPublicKeyData().getOctets();
    return recipient.algorithm() == PublicKeyAlgorithm.ED25519 ? x25519PublicKey(point) : point;
  }

  /** SetupBaseS with the given ephemeral key, one Seal, then the header, enc and ciphertext. */
  private static byte[] seal(Suite suite, HPKE hpke, AsymmetricKeyParameter recipient, byte[] key, byte[] info,
      AsymmetricCipherKeyPair ephemeral) {
    byte[] header = suite.header();
    byte[] enc;
    byte[] ciphertext;
    try {
      var context = hpke.setupBaseS(recipient, hpkeInfo(info), ephemeral);
      enc = context.getEncapsulation();
      ciphertext = context.seal(header, key);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
    byte[] wrapped = Arrays.copyOf(header, suite.wrappedSize());
    System.arraycopy(enc, 0, wrapped, HEADER_SIZE, enc.length);
    System.arraycopy(ciphertext, 0, wrapped, HEADER_SIZE + enc.length, ciphertext.length);
    return wrapped;
  }

  private static byte[] open(Suite suite, AsymmetricCipherKeyPair recipient, byte[] wrapped, byte[] info)
      throws AEADBadTagException {
    byte[] enc = Arrays.copyOfRange(wrapped, HEADER_SIZE, HEADER_SIZE + suite.encSize);
    try {
      return suite.hpke()
          .setupBaseR(enc, recipient, hpkeInfo(info))
          .open(suite.header(), Arrays.copyOfRange(wrapped, HEADER_SIZE + suite.encSize, wrapped.length));
    } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
      // BouncyCastle refuses an enc that is not a valid point, or a low-order one (an all-zero
      // shared secret), with the unchecked exceptions.
      throw new AEADBadTagException(
          "the wrapped key does not open: wrapped to another key or for another context, or altered");
    }
  }

  private static Suite parseHeader(byte[] wrapped, byte[] info) throws MalformedEnvelopeException {
    Objects.requireNonNull(wrapped, "wrapped");
    Objects.requireNonNull(info, "info");
    if (wrapped.length < HEADER_SIZE) {
      throw new MalformedEnvelopeException(
          "a wrapped key is " + X25519_WRAPPED_SIZE + " or " + P256_WRAPPED_SIZE + " bytes, got " + wrapped.length);
    }
    if (wrapped[0] != VERSION) {
      throw new MalformedEnvelopeException(
          "unknown wrapped-key version " + (wrapped[0] & 0xff) + ", expected " + VERSION);
    }
    for (Suite suite : Suite.values()) {
      if (Arrays.equals(wrapped, 0, HEADER_SIZE, suite.header(), 0, HEADER_SIZE)) {
        if (wrapped.length != suite.wrappedSize()) {
          throw new MalformedEnvelopeException("a key wrapped with suite " + suite + " is "
              + suite.wrappedSize() + " bytes, got " + wrapped.length);
        }
        return suite;
      }
    }
    throw new MalformedEnvelopeException("the wrapped key names an unsupported HPKE suite");
  }

  private static void requireSuite(Suite actual, Suite expected) throws InvalidKeyException {
    if (actual != expected) {
      throw new InvalidKeyException("this key was wrapped to " + keyKind(actual)
          + " certificate key; the private key given is " + keyKind(expected));
    }
  }

  private static String keyKind(Suite suite) {
    return suite == Suite.P256 ? "a P-256" : "an Ed25519";
  }

  private static Suite suiteFor(PublicKeyAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> Suite.X25519;
      case ECDSA_P256 -> Suite.P256;
    };
  }

  private static byte[] hpkeInfo(byte[] info) {
    return CanonicalEncoder.forDomain(INFO_DOMAIN).writeBytes(info).toByteArray();
  }

  private static boolean isP256(ECParameterSpec params) {
    return params != null
        && params.getCurve().equals(P256_PARAMETERS.getCurve())
        && params.getGenerator().equals(P256_PARAMETERS.getGenerator())
        && params.getOrder().equals(P256_PARAMETERS.getOrder())
        && params.getCofactor() == P256_PARAMETERS.getCofactor();
  }

  private static ECParameterSpec p256Parameters() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks the standard curve secp256r1", e);
    }
  }
}

package org.carechain.crypto.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Verify;

/**
 * A subject's public key as it appears in a certificate or a certification request: Ed25519 or
 * ECDSA P-256, checked when read (right algorithm parameters, a point on the curve), with the
 * signature verification that goes with it. Immutable and thread-safe.
 *
 * <p>Equality is by the DER encoding of the SubjectPublicKeyInfo.
 */
public final class SubjectPublicKey {

  private static final ECCurve P256 = CustomNamedCurves.getByName("secp256r1").getCurve();
  private static final int P256_UNCOMPRESSED_SIZE = 65;

  private final PublicKeyAlgorithm algorithm;
  private final SubjectPublicKeyInfo info;
  private final byte[] encoded;
  private final Ed25519PublicKey ed25519;
  private final PublicKey jcaKey;

  private SubjectPublicKey(
      PublicKeyAlgorithm algorithm, SubjectPublicKeyInfo info, byte[] encoded, Ed25519PublicKey ed25519, PublicKey jcaKey) {
    this.algorithm = algorithm;
    this.info = info;
    this.encoded = encoded;
    this.ed25519 = ed25519;
    this.jcaKey = jcaKey;
  }

  /**
   * Reads a DER-encoded SubjectPublicKeyInfo (what {@link PublicKey#getEncoded()} returns).
   *
   * @throws MalformedPkiDataException if it is not DER, not Ed25519 or EC P-256 in uncompressed
   *     form, or not a valid point
   */
  public static SubjectPublicKey fromDer(byte[] subjectPublicKeyInfo) throws MalformedPkiDataException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(Der.parse(subjectPublicKeyInfo, "public key"));
    } catch (IllegalArgumentException e) {
      throw new MalformedPkiDataException("public key is not a SubjectPublicKeyInfo");
    }
    return fromInfo(info);
  }

  /** The SubjectPublicKeyInfo of an Ed25519 key (RFC 8410 section 4). */
  public static SubjectPublicKey of(Ed25519PublicKey key) {
    Objects.requireNonNull(key, "key");
    SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(Ed25519ContentSigner.ALGORITHM, key.toByteArray());
    byte[] encoded = Der.encode(info);
    return new SubjectPublicKey(PublicKeyAlgorithm.ED25519, info, encoded, key, jcaKey("Ed25519", encoded));
  }

  /** Reads a JCA public key, under the same checks as {@link #fromDer}. */
  public static SubjectPublicKey of(PublicKey key) throws MalformedPkiDataException {
    Objects.requireNonNull(key, "key");
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new MalformedPkiDataException("public key has no X.509 encoding");
    }
    return fromDer(encoded);
  }

  static SubjectPublicKey fromInfo(SubjectPublicKeyInfo info) throws MalformedPkiDataException {
    AlgorithmIdentifier algorithm = info.getAlgorithm();
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    DERBitString keyBits = DERBitString.convert(info.getPublicKeyData());
    if (keyBits.getPadBits() != 0) {
      throw new MalformedPkiDataException("public key bit string is not a whole number of bytes");
    }
    byte[] keyBytes = keyBits.getOctets();
    byte[] encoded = Der.encode(info);
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      if (algorithm.getParameters() != null) {
        throw new MalformedPkiDataException("Ed25519 public key must have absent parameters (RFC 8410)");
      }
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.create(keyBytes);
      } catch (InvalidKeyException e) {
        throw new MalformedPkiDataException("not a valid Ed25519 public key");
      }
      return new SubjectPublicKey(PublicKeyAlgorithm.ED25519, info, encoded, key, jcaKey("Ed25519", encoded));
    }
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      ASN1Encodable curve = algorithm.getParameters();
      if (!SECObjectIdentifiers.secp256r1.equals(curve)) {
        throw new MalformedPkiDataException("EC public key is not on the named curve P-256");
      }
      // The JDK reads only uncompressed points, and every client in scope sends them.
      if (keyBytes.length != P256_UNCOMPRESSED_SIZE || keyBytes[0] != 0x04) {
        throw new MalformedPkiDataException("P-256 public key is not an uncompressed point");
      }
      try {
        if (P256.decodePoint(keyBytes).isInfinity()) {
          throw new MalformedPkiDataException("P-256 public key is the point at infinity");
        }
      } catch (IllegalArgumentException e) {
        throw new MalformedPkiDataException("P-256 public key is not a point on the curve");
      }
      return new SubjectPublicKey(PublicKeyAlgorithm.ECDSA_P256, info, encoded, null, jcaKey("EC", encoded));
    }
    throw new MalformedPkiDataException("public key algorithm is neither Ed25519 nor EC P-256");
  }

  private static PublicKey jcaKey(String algorithm, byte[] encoded) {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      // The key was already checked, so this is the JDK lacking a standard algorithm.
      throw new IllegalStateException("the JDK cannot load a checked " + algorithm + " key", e);
    }
  }

  public PublicKeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The DER-encoded SubjectPublicKeyInfo. */
  public byte[] toDer() {
    return encoded.clone();
  }

  /** The same key as a JCA key ({@code Ed25519} or {@code EC}), for code that wants one. */
  public PublicKey toJcaKey() {
    return jcaKey;
  }

  /** The key as the crypto module's Ed25519 type, if it is an Ed25519 key. */
  public Optional<Ed25519PublicKey> ed25519() {
    return Optional.ofNullable(ed25519);
  }

  /** SHA-256 of the DER SubjectPublicKeyInfo: a fingerprint that names the key. */
  public Hash fingerprint() {
    return Hash.sha256(encoded);
  }

  /**
   * Verifies a signature made with this key: pure Ed25519 (64 bytes) for an Ed25519 key,
   * SHA256withECDSA in DER ({@code ECDSA-Sig-Value}) for a P-256 key.
   *
   * @throws SignatureException if the signature is malformed or does not verify
   */
  public void verifySignature(byte[] message, byte[] signature) throws SignatureException {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (algorithm == PublicKeyAlgorithm.ED25519) {
      Ed25519Verify.create(ed25519).verify(signature, message);
      return;
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(jcaKey);
      verifier.update(message);
      valid = verifier.verify(signature);
    } catch (SignatureException e) {
      throw new SignatureException("ECDSA signature is not a valid DER ECDSA-Sig-Value");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot verify SHA256withECDSA", e);
    }
    if (!valid) {
      throw new SignatureException("ECDSA P-256 signature does not verify");
    }
  }

  SubjectPublicKeyInfo info() {
    return info;
  }

  /** The raw subjectPublicKey bits, which RFC 5280 key identifiers and OCSP key hashes cover. */
  byte[] rawKeyBits() {
    return info.getPublicKeyData().getOctets();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SubjectPublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "SubjectPublicKey{" + algorithm + ", sha256=" + fingerprint().toHex() + "}";
  }
}

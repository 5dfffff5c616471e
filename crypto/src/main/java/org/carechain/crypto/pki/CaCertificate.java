package org.carechain.crypto.pki;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Verify;

/**
 * The public half of a CareChain CA: its self-signed root certificate, with an Ed25519 key. What
 * relying parties hold (the consortium trust bundle) to check anonymous certificates, CRLs and OCSP
 * responses. Immutable and thread-safe.
 *
 * <p>{@link #parse} accepts only a certificate this PKI could have made: X.509 v3, self-issued and
 * self-signed with Ed25519, basicConstraints CA=true, keyUsage with keyCertSign and cRLSign, and a
 * subject key identifier.
 */
public final class CaCertificate {

  static final String PEM_LABEL = "CERTIFICATE";

  private final Certificate certificate;
  private final byte[] encoded;
  private final Ed25519PublicKey publicKey;
  private final byte[] keyIdentifier;

  private CaCertificate(Certificate certificate, byte[] encoded, Ed25519PublicKey publicKey, byte[] keyIdentifier) {
    this.certificate = certificate;
    this.encoded = encoded;
    this.publicKey = publicKey;
    this.keyIdentifier = keyIdentifier;
  }

  /**
   * Reads a DER-encoded CA root certificate and checks its self-signature.
   *
   * @throws MalformedPkiDataException if it is not DER, not a CA root as described above, or its
   *     signature does not verify
   */
  public static CaCertificate parse(byte[] der) throws MalformedPkiDataException {
    Certificate certificate;
    try {
      certificate = Certificate.getInstance(Der.parse(der, "CA certificate"));
    } catch (IllegalArgumentException e) {
      throw new MalformedPkiDataException("CA certificate is not an X.509 certificate");
    }
    return fromCertificate(certificate, der.clone());
  }

  /** Reads a PEM {@code CERTIFICATE} block, as {@link #parse} does. */
  public static CaCertificate parsePem(String pem) throws MalformedPkiDataException {
    return parse(Der.fromPem(pem, "CA certificate", PEM_LABEL));
  }

  static CaCertificate fromCertificate(Certificate certificate, byte[] encoded) throws MalformedPkiDataException {
    if (certificate.getVersionNumber() != 3) {
      throw new MalformedPkiDataException("CA certificate is not X.509 v3");
    }
    if (!Ed25519ContentSigner.ALGORITHM.equals(certificate.getSignatureAlgorithm())
        || !Ed25519ContentSigner.ALGORITHM.equals(certificate.getTBSCertificate().getSignature())) {
      throw new MalformedPkiDataException("CA certificate is not signed with Ed25519");
    }
    if (!certificate.getIssuer().equals(certificate.getSubject())) {
      throw new MalformedPkiDataException("CA certificate is not self-issued");
    }
    SubjectPublicKey key = SubjectPublicKey.fromInfo(certificate.getSubjectPublicKeyInfo());
    Ed25519PublicKey publicKey =
        key.ed25519().orElseThrow(() -> new MalformedPkiDataException("CA key is not an Ed25519 key"));
    Extensions extensions = certificate.getTBSCertificate().getExtensions();
    if (extensions == null) {
      throw new MalformedPkiDataException("CA certificate has no extensions");
    }
    byte[] keyIdentifier;
    try {
      BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
      if (constraints == null || !constraints.isCA()) {
        throw new MalformedPkiDataException("CA certificate does not have basicConstraints CA=true");
      }
      KeyUsage usage = KeyUsage.fromExtensions(extensions);
      if (usage == null || !usage.hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign)) {
        throw new MalformedPkiDataException("CA certificate keyUsage lacks keyCertSign or cRLSign");
      }
      SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(extensions);
      if (ski == null) {
        throw new MalformedPkiDataException("CA certificate has no subject key identifier");
      }
      keyIdentifier = ski.getKeyIdentifier();
    } catch (IllegalArgumentException e) {
      throw new MalformedPkiDataException("CA certificate has a malformed extension");
    }
    try {
      Ed25519Verify.create(publicKey)
          .verify(certificate.getSignature().getOctets(), Der.encode(certificate.getTBSCertificate()));
    } catch (SignatureException e) {
      throw new MalformedPkiDataException("CA certificate self-signature does not verify");
    }
    return new CaCertificate(certificate, encoded, publicKey, keyIdentifier);
  }

  /** The DER encoding. */
  public byte[] toDer() {
    return encoded.clone();
  }

  public String toPem() {
    return Der.toPem(PEM_LABEL, encoded);
  }

  /** The subject (and issuer) name, in RFC 4514 form as BouncyCastle prints it. */
  public String subject() {
    return certificate.getSubject().toString();
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The subject key identifier; certificates and CRLs this CA signs carry it as their AKI. */
  public byte[] keyIdentifier() {
    return keyIdentifier.clone();
  }

  public BigInteger serialNumber() {
    return certificate.getSerialNumber().getValue();
  }

  public Instant notBefore() {
    return certificate.getStartDate().getDate().toInstant();
  }

  public Instant notAfter() {
    return certificate.getEndDate().getDate().toInstant();
  }

  /** SHA-256 of the DER encoding, the usual certificate fingerprint. */
  public Hash sha256() {
    return Hash.sha256(encoded);
  }

  X500Name subjectName() {
    return certificate.getSubject();
  }

  Certificate asn1() {
    return certificate;
  }

  SubjectPublicKey subjectPublicKey() {
    return SubjectPublicKey.of(publicKey);
  }

  /** Checks that {@code signature} over {@code data} is by this CA's key. */
  void verifyCaSignature(byte[] signature, byte[] data) throws SignatureException {
    Ed25519Verify.create(publicKey).verify(signature, data);
  }

  void checkMatches(Ed25519PublicKey key) throws InvalidKeyException {
    Objects.requireNonNull(key, "key");
    if (!key.equals(publicKey)) {
      throw new InvalidKeyException("the private key does not match the CA certificate");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CaCertificate that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "CaCertificate{" + subject() + ", keyId=" + publicKey.keyId() + "}";
  }
}

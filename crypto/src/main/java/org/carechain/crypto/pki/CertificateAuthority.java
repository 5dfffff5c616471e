package org.carechain.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;

/**
 * A CareChain certificate authority: an Ed25519 private key and its self-signed root certificate.
 * It signs anonymous certificates ({@link AnonymousCertificateIssuer}), CRLs ({@link CrlBuilder})
 * and, as its own OCSP responder, OCSP responses ({@link OcspResponder}). Immutable and
 * thread-safe; {@link #toString()} never shows the key.
 */
public final class CertificateAuthority {

  /** The organisation every CareChain CA name carries. */
  public static final String ORGANIZATION = "CareChain Consortium";

  private static final Pattern CA_NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,64}");

  private final Ed25519PrivateKey privateKey;
  private final Ed25519Sign signer;
  private final CaCertificate certificate;

  private CertificateAuthority(Ed25519PrivateKey privateKey, CaCertificate certificate) {
    this.privateKey = privateKey;
    this.signer = Ed25519Sign.create(privateKey);
    this.certificate = certificate;
  }

  /**
   * Makes a new root: a self-signed certificate for {@code key}, subject and issuer
   * {@code O=CareChain Consortium, CN=<caName>}, with basicConstraints CA=true and path length 0
   * (it signs only end-entity certificates), keyUsage keyCertSign and cRLSign, both critical, and a
   * subject key identifier.
   *
   * @param caName 1 to 64 letters, digits, spaces, dots, underscores or hyphens
   * @param serial positive, at most 20 bytes
   * @throws IllegalArgumentException if a parameter breaks the rules above, or notBefore is not
   *     before notAfter
   */
  public static CertificateAuthority createRoot(
      Ed25519PrivateKey key, String caName, Instant notBefore, Instant notAfter, BigInteger serial) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(caName, "caName");
    if (!CA_NAME.matcher(caName).matches()) {
      throw new IllegalArgumentException(
          "caName must be 1 to 64 letters, digits, spaces, dots, underscores or hyphens");
    }
    Der.checkSerial(serial, "serial");
    Der.checkValidity(notBefore, notAfter);
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, ORGANIZATION)
        .addRDN(BCStyle.CN, caName)
        .build();
    SubjectPublicKey publicKey = SubjectPublicKey.of(key.publicKey());
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
        name, serial, Der.toDate(notBefore), Der.toDate(notAfter), name, publicKey.info());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new SubjectKeyIdentifier(KeyIdentifiers.sha1(publicKey.rawKeyBits())));
    } catch (IOException e) {
      throw new IllegalStateException("encoding a fixed extension failed", e);
    }
    byte[] der = Der.encode(builder.build(new Ed25519ContentSigner(Ed25519Sign.create(key))).toASN1Structure());
    try {
      return new CertificateAuthority(key, CaCertificate.parse(der));
    } catch (MalformedPkiDataException e) {
      throw new IllegalStateException("a freshly made root certificate does not parse", e);
    }
  }

  /**
   * A CA from its key and its root certificate, as loaded from storage.
   *
   * @throws InvalidKeyException if the key is not the certificate's
   */
  public static CertificateAuthority create(Ed25519PrivateKey key, CaCertificate certificate)
      throws InvalidKeyException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
    certificate.checkMatches(key.publicKey());
    return new CertificateAuthority(key, certificate);
  }

  public CaCertificate certificate() {
    return certificate;
  }

  /** A fresh single-use signer for one certificate, CRL or OCSP response. */
  ContentSigner newContentSigner() {
    return new Ed25519ContentSigner(signer);
  }

  @Override
  public String toString() {
    return "CertificateAuthority{" + certificate.subject() + ", keyId=" + privateKey.keyId() + "}";
  }
}

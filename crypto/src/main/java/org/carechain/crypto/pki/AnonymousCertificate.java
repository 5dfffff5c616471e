package org.carechain.crypto.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.carechain.crypto.Hash;

/**
 * An anonymous end-entity certificate, read and checked: its pseudonym, role, link tag and key.
 * Immutable and thread-safe.
 *
 * <p>{@link #parse} checks the structure only. Whether the certificate is trustworthy is for
 * {@link #verifyIssuedBy} (signature and issuer), {@link #verifyValidAt} (dates) and the status
 * services (revocation) to say.
 */
public final class AnonymousCertificate {

  private final Certificate certificate;
  private final byte[] encoded;
  private final String pseudonym;
  private final String role;
  private final byte[] linkTag;
  private final SubjectPublicKey publicKey;
  private final byte[] authorityKeyIdentifier;

  private AnonymousCertificate(
      Certificate certificate,
      byte[] encoded,
      String pseudonym,
      String role,
      byte[] linkTag,
      SubjectPublicKey publicKey,
      byte[] authorityKeyIdentifier) {
    this.certificate = certificate;
    this.encoded = encoded;
    this.pseudonym = pseudonym;
    this.role = role;
    this.linkTag = linkTag;
    this.publicKey = publicKey;
    this.authorityKeyIdentifier = authorityKeyIdentifier;
  }

  /**
   * Reads a DER-encoded anonymous certificate: X.509 v3, a subject of exactly one common name,
   * an Ed25519 or P-256 key, not a CA, with the role and link-tag extensions.
   *
   * @throws MalformedPkiDataException if it is anything else
   */
  public static AnonymousCertificate parse(byte[] der) throws MalformedPkiDataException {
    Certificate certificate;
    try {
      certificate = Certificate.getInstance(Der.parse(der, "certificate"));
    } catch (IllegalArgumentException e) {
      throw new MalformedPkiDataException("certificate is not an X.509 certificate");
    }
    if (certificate.getVersionNumber() != 3) {
      throw new MalformedPkiDataException("certificate is not X.509 v3");
    }
    SubjectPublicKey publicKey = SubjectPublicKey.fromInfo(certificate.getSubjectPublicKeyInfo());
    String pseudonym = pseudonymOf(certificate.getSubject());
    Extensions extensions = certificate.getTBSCertificate().getExtensions();
    if (extensions == null) {
      throw new MalformedPkiDataException("certificate has no extensions");
    }
    String role;
    byte[] linkTag;
    byte[] authorityKeyIdentifier;
    try {
      BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
      if (constraints != null && constraints.isCA()) {
        throw new MalformedPkiDataException("certificate is a CA certificate, not an anonymous one");
      }
      role = roleOf(extensionValue(extensions, PkiOids.ROLE_OID));
      linkTag = linkTagOf(extensionValue(extensions, PkiOids.LINK_TAG_OID));
      AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(extensions);
      authorityKeyIdentifier = aki == null ? null : aki.getKeyIdentifierOctets();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedPkiDataException("certificate has a malformed extension");
    }
    return new AnonymousCertificate(certificate, der.clone(), pseudonym, role, linkTag, publicKey, authorityKeyIdentifier);
  }

  /** Reads a PEM {@code CERTIFICATE} block, as {@link #parse} does. */
  public static AnonymousCertificate parsePem(String pem) throws MalformedPkiDataException {
    return parse(Der.fromPem(pem, "certificate", CaCertificate.PEM_LABEL));
  }

  private static String pseudonymOf(X500Name subject) throws MalformedPkiDataException {
    RDN[] rdns = subject.getRDNs();
    if (rdns.length != 1 || rdns[0].isMultiValued()) {
      throw new MalformedPkiDataException("certificate subject is not a single common name");
    }
    AttributeTypeAndValue attribute = rdns[0].getFirst();
    if (!BCStyle.CN.equals(attribute.getType()) || !(attribute.getValue() instanceof ASN1String name)) {
      throw new MalformedPkiDataException("certificate subject is not a single common name");
    }
    return name.getString();
  }

  /** The extension's value, itself in canonical DER, or null if the extension is absent. */
  private static ASN1Primitive extensionValue(Extensions extensions, ASN1ObjectIdentifier oid)
      throws MalformedPkiDataException {
    Extension extension = extensions.getExtension(oid);
    return extension == null ? null : Der.parse(extension.getExtnValue().getOctets(), "certificate extension");
  }

  private static String roleOf(ASN1Encodable value) throws MalformedPkiDataException {
    if (value == null) {
      throw new MalformedPkiDataException("certificate has no role extension");
    }
    if (!(value instanceof DERUTF8String role)) {
      throw new MalformedPkiDataException("certificate role extension is not a UTF8String");
    }
    return role.getString();
  }

  private static byte[] linkTagOf(ASN1Encodable value) throws MalformedPkiDataException {
    if (value == null) {
      throw new MalformedPkiDataException("certificate has no link tag extension");
    }
    if (!(value instanceof ASN1OctetString tag)) {
      throw new MalformedPkiDataException("certificate link tag extension is not an OCTET STRING");
    }
    return tag.getOctets();
  }

  /**
   * Checks that {@code ca} issued this certificate: the issuer name is the CA's subject, the
   * authority key identifier (if present) is the CA's, and the Ed25519 signature verifies under the
   * CA key.
   *
   * @throws SignatureException if any of that fails
   */
  public void verifyIssuedBy(CaCertificate ca) throws SignatureException {
    Objects.requireNonNull(ca, "ca");
    if (!certificate.getIssuer().equals(ca.subjectName())) {
      throw new SignatureException("certificate was issued by another CA");
    }
    if (!Ed25519ContentSigner.ALGORITHM.equals(certificate.getSignatureAlgorithm())
        || !Ed25519ContentSigner.ALGORITHM.equals(certificate.getTBSCertificate().getSignature())) {
      throw new SignatureException("certificate is not signed with Ed25519");
    }
    if (authorityKeyIdentifier != null && !Arrays.equals(authorityKeyIdentifier, ca.keyIdentifier())) {
      throw new SignatureException("certificate names another CA key");
    }
    try {
      ca.verifyCaSignature(certificate.getSignature().getOctets(), Der.encode(certificate.getTBSCertificate()));
    } catch (SignatureException e) {
      throw new SignatureException("certificate signature does not verify under the CA key");
    }
  }

  /** {@link #verifyIssuedBy(CaCertificate)} with the CA's certificate. */
  public void verifyIssuedBy(CertificateAuthority ca) throws SignatureException {
    verifyIssuedBy(Objects.requireNonNull(ca, "ca").certificate());
  }

  /**
   * @throws CertificateNotYetValidException if {@code now} is before notBefore
   * @throws CertificateExpiredException if {@code now} is after notAfter
   */
  public void verifyValidAt(Instant now) throws CertificateNotYetValidException, CertificateExpiredException {
    Objects.requireNonNull(now, "now");
    if (now.isBefore(notBefore())) {
      throw new CertificateNotYetValidException("certificate is not valid before " + notBefore());
    }
    if (now.isAfter(notAfter())) {
      throw new CertificateExpiredException("certificate expired at " + notAfter());
    }
  }

  /**
   * Verifies a signature made with the certificate's key, for example over a login challenge:
   * pure Ed25519, or SHA256withECDSA in DER.
   *
   * @throws SignatureException if it is malformed or does not verify
   */
  public void verifySignature(byte[] message, byte[] signature) throws SignatureException {
    publicKey.verifySignature(message, signature);
  }

  public String pseudonym() {
    return pseudonym;
  }

  public String role() {
    return role;
  }

  /** A copy of the link tag's bytes. */
  public byte[] linkTag() {
    return linkTag.clone();
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

  /** The issuer name, in RFC 4514 form as BouncyCastle prints it. */
  public String issuer() {
    return certificate.getIssuer().toString();
  }

  public SubjectPublicKey publicKey() {
    return publicKey;
  }

  public PublicKey jcaPublicKey() {
    return publicKey.toJcaKey();
  }

  public PublicKeyAlgorithm keyAlgorithm() {
    return publicKey.algorithm();
  }

  /** SHA-256 of the DER encoding: the certificate's fingerprint, as recorded on chain. */
  public Hash sha256() {
    return Hash.sha256(encoded);
  }

  public byte[] toDer() {
    return encoded.clone();
  }

  public String toPem() {
    return Der.toPem(CaCertificate.PEM_LABEL, encoded);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AnonymousCertificate that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "AnonymousCertificate{pseudonym=" + pseudonym + ", role=" + role + ", serial=" + serialNumber().toString(16) + "}";
  }
}

package org.carechain.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Issues anonymous end-entity certificates for one CA. Immutable and thread-safe.
 *
 * <p>A certificate's subject is {@code CN=<pseudonym>} and nothing else. Its extensions:
 * basicConstraints CA=false and keyUsage digitalSignature (both critical), extKeyUsage clientAuth,
 * subject and authority key identifiers, the CareChain role and link tag ({@link PkiOids}), and,
 * when configured, an OCSP URL (authorityInfoAccess) and a CRL distribution point.
 *
 * <p>The caller has already checked the request's proof of possession ({@link
 * CertificateRequest#parse}) and the registration credential, and chooses the serial, which must be
 * unpredictable and unique per CA (RFC 5280 recommends at least 64 random bits).
 */
public final class AnonymousCertificateIssuer {

  /** Pseudonyms: 1 to 64 characters of the URL-safe base64 alphabet, so no DN escaping is needed. */
  private static final Pattern PSEUDONYM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Roles: a lowercase word, as in {@code patient}, {@code clinician}, {@code auditor}. */
  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** Longest link tag accepted; a tag of a 64-byte rid is 1 + 32 + 64 + 16 bytes. */
  public static final int MAX_LINK_TAG_SIZE = 256;

  private final CertificateAuthority ca;
  private final AuthorityKeyIdentifier authorityKeyIdentifier;
  private final AuthorityInformationAccess ocsp;
  private final CRLDistPoint crlDistributionPoint;

  private AnonymousCertificateIssuer(CertificateAuthority ca, Optional<URI> ocspUrl, Optional<URI> crlUrl) {
    this.ca = ca;
    this.authorityKeyIdentifier = new AuthorityKeyIdentifier(ca.certificate().keyIdentifier());
    this.ocsp = ocspUrl
        .map(url -> new AuthorityInformationAccess(
            new AccessDescription(AccessDescription.id_ad_ocsp, uriName(url))))
        .orElse(null);
    this.crlDistributionPoint = crlUrl
        .map(url -> new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(new GeneralNames(uriName(url))), null, null)}))
        .orElse(null);
  }

  /**
   * An issuer for {@code ca}.
   *
   * @param ocspUrl where relying parties ask for status (authorityInfoAccess id-ad-ocsp), if any
   * @param crlUrl where the CRL is published (cRLDistributionPoints), if any
   * @throws IllegalArgumentException if a URL is not absolute
   */
  public static AnonymousCertificateIssuer create(CertificateAuthority ca, Optional<URI> ocspUrl, Optional<URI> crlUrl) {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(ocspUrl, "ocspUrl");
    Objects.requireNonNull(crlUrl, "crlUrl");
    return new AnonymousCertificateIssuer(ca, ocspUrl, crlUrl);
  }

  private static GeneralName uriName(URI url) {
    if (!url.isAbsolute()) {
      throw new IllegalArgumentException("status URLs must be absolute");
    }
    return new GeneralName(GeneralName.uniformResourceIdentifier, url.toASCIIString());
  }

  /**
   * Builds and signs one anonymous certificate.
   *
   * @param subjectKey the key from the certification request
   * @param pseudonym 1 to 64 characters from {@code [A-Za-z0-9_-]}
   * @param role a lowercase word of at most 32 characters ({@code [a-z][a-z0-9_-]*})
   * @param linkTag 1 to {@value #MAX_LINK_TAG_SIZE} opaque bytes
   * @param serial positive, at most 20 bytes
   * @param notBefore start of validity, inside the CA's validity
   * @param notAfter end of validity, inside the CA's validity
   * @return the DER-encoded certificate
   * @throws IllegalArgumentException if a parameter breaks the rules above
   */
  public byte[] issue(
      SubjectPublicKey subjectKey,
      String pseudonym,
      String role,
      byte[] linkTag,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter) {
    Objects.requireNonNull(subjectKey, "subjectKey");
    checkMatches(PSEUDONYM, pseudonym, "pseudonym must be 1 to 64 characters of [A-Za-z0-9_-]");
    checkMatches(ROLE, role, "role must be a lowercase word of at most 32 characters");
    Objects.requireNonNull(linkTag, "linkTag");
    if (linkTag.length == 0 || linkTag.length > MAX_LINK_TAG_SIZE) {
      throw new IllegalArgumentException("linkTag must be 1 to " + MAX_LINK_TAG_SIZE + " bytes");
    }
    Der.checkSerial(serial, "serial");
    Der.checkValidity(notBefore, notAfter);
    CaCertificate caCertificate = ca.certificate();
    if (notBefore.isBefore(caCertificate.notBefore()) || notAfter.isAfter(caCertificate.notAfter())) {
      throw new IllegalArgumentException("the certificate's validity must lie within the CA's");
    }

    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, pseudonym).build();
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
        caCertificate.subjectName(), serial, Der.toDate(notBefore), Der.toDate(notAfter), subject, subjectKey.info());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new SubjectKeyIdentifier(KeyIdentifiers.sha1(subjectKey.rawKeyBits())));
      builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
      builder.addExtension(PkiOids.ROLE_OID, false, new DERUTF8String(role));
      builder.addExtension(PkiOids.LINK_TAG_OID, false, new DEROctetString(linkTag));
      if (ocsp != null) {
        builder.addExtension(Extension.authorityInfoAccess, false, ocsp);
      }
      if (crlDistributionPoint != null) {
        builder.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint);
      }
    } catch (IOException e) {
      throw new IllegalStateException("encoding a checked extension failed", e);
    }
    return Der.encode(builder.build(ca.newContentSigner()).toASN1Structure());
  }

  private static void checkMatches(Pattern pattern, String value, String rule) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(rule);
    }
  }

  @Override
  public String toString() {
    return "AnonymousCertificateIssuer{" + ca + "}";
  }
}

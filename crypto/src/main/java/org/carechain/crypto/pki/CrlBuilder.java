package org.carechain.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;

/**
 * Builds and signs RFC 5280 CRLs (version 2) for one CA: issuer the CA, signed with its Ed25519
 * key, with the CRL number and authority key identifier extensions, and per entry the revocation
 * date and a reason code (left out for {@link RevocationReason#UNSPECIFIED}, as section 5.3.1 asks).
 * Stateless and thread-safe; the caller keeps the CRL number increasing.
 */
public final class CrlBuilder {

  /** PEM label of a CRL. */
  public static final String PEM_LABEL = "X509 CRL";

  private final CertificateAuthority ca;

  private CrlBuilder(CertificateAuthority ca) {
    this.ca = ca;
  }

  public static CrlBuilder create(CertificateAuthority ca) {
    return new CrlBuilder(Objects.requireNonNull(ca, "ca"));
  }

  /**
   * Builds a signed CRL.
   *
   * @param crlNumber positive and increasing from one CRL to the next, at most 20 bytes
   * @param thisUpdate when this CRL was issued
   * @param nextUpdate when the next one will be, after {@code thisUpdate}
   * @param revoked the entries; serials must not repeat
   * @return the DER-encoded CRL
   * @throws IllegalArgumentException if a rule above is broken
   */
  public byte[] build(BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, Collection<RevokedCertificate> revoked) {
    Der.checkSerial(crlNumber, "crlNumber");
    Der.checkValidity(thisUpdate, nextUpdate);
    Objects.requireNonNull(revoked, "revoked");
    CaCertificate certificate = ca.certificate();
    X509v2CRLBuilder builder = new X509v2CRLBuilder(certificate.subjectName(), Der.toDate(thisUpdate));
    builder.setNextUpdate(Der.toDate(nextUpdate));
    if (revoked.stream().map(RevokedCertificate::serial).distinct().count() != revoked.size()) {
      throw new IllegalArgumentException("a serial is listed twice");
    }
    for (RevokedCertificate entry : revoked) {
      int reason = entry.reason() == RevocationReason.UNSPECIFIED ? -1 : entry.reason().code();
      if (reason < 0) {
        builder.addCRLEntry(entry.serial(), Der.toDate(entry.revokedAt()), null);
      } else {
        builder.addCRLEntry(entry.serial(), Der.toDate(entry.revokedAt()), reason);
      }
    }
    try {
      builder.addExtension(Extension.cRLNumber, false, new ASN1Integer(crlNumber));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(certificate.keyIdentifier()));
    } catch (IOException e) {
      throw new IllegalStateException("encoding a checked extension failed", e);
    }
    return Der.encode(builder.build(ca.newContentSigner()).toASN1Structure());
  }

  /** {@link #build} as a PEM {@code X509 CRL} block. */
  public String buildPem(BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, Collection<RevokedCertificate> revoked) {
    return Der.toPem(PEM_LABEL, build(crlNumber, thisUpdate, nextUpdate, revoked));
  }
}

package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;

class CrlBuilderTest {

  private static final Instant THIS_UPDATE = PkiFixtures.NOW;
  private static final Instant NEXT_UPDATE = PkiFixtures.NOW.plus(Duration.ofDays(1));

  private final CertificateAuthority ca = PkiFixtures.ca();

  @Test
  void crlFieldsAndSignature() throws Exception {
    Instant revokedAt = Instant.parse("2026-02-02T10:20:30Z");
    byte[] der = CrlBuilder.create(ca).build(BigInteger.valueOf(42), THIS_UPDATE, NEXT_UPDATE, List.of(
        new RevokedCertificate(BigInteger.valueOf(5), revokedAt, RevocationReason.KEY_COMPROMISE),
        new RevokedCertificate(BigInteger.valueOf(6), revokedAt, RevocationReason.UNSPECIFIED)));
    X509CRLHolder crl = new X509CRLHolder(der);
    assertEquals(2, crl.toASN1Structure().getVersionNumber());
    assertEquals(ca.certificate().subjectName(), crl.getIssuer());
    assertEquals(THIS_UPDATE, crl.getThisUpdate().toInstant());
    assertEquals(NEXT_UPDATE, crl.getNextUpdate().toInstant());
    assertEquals(new ASN1Integer(42), crl.getExtension(Extension.cRLNumber).getParsedValue());
    assertArrayEquals(ca.certificate().keyIdentifier(),
        AuthorityKeyIdentifier.getInstance(crl.getExtension(Extension.authorityKeyIdentifier).getParsedValue())
            .getKeyIdentifierOctets());

    X509CRLEntryHolder five = crl.getRevokedCertificate(BigInteger.valueOf(5));
    assertEquals(revokedAt, five.getRevocationDate().toInstant());
    assertEquals(CRLReason.lookup(CRLReason.keyCompromise), CRLReason.getInstance(
        five.getExtensions().getExtension(Extension.reasonCode).getParsedValue()));
    X509CRLEntryHolder six = crl.getRevokedCertificate(BigInteger.valueOf(6));
    assertNull(six.getExtensions());
    assertNull(crl.getRevokedCertificate(BigInteger.valueOf(7)));

    assertEquals(Ed25519ContentSigner.ALGORITHM, crl.toASN1Structure().getSignatureAlgorithm());
    ca.certificate().verifyCaSignature(
        crl.toASN1Structure().getSignature().getOctets(), Der.encode(crl.toASN1Structure().getTBSCertList()));
  }

  @Test
  void emptyCrlAndPem() throws Exception {
    String pem = CrlBuilder.create(ca).buildPem(BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE, List.of());
    assertTrue(pem.startsWith("-----BEGIN X509 CRL-----\n"));
    X509CRLHolder crl = new X509CRLHolder(Der.fromPem(pem, "CRL", CrlBuilder.PEM_LABEL));
    assertTrue(crl.getRevokedCertificates().isEmpty());
  }

  @Test
  void badParametersAreRefused() {
    CrlBuilder builder = CrlBuilder.create(ca);
    RevokedCertificate entry = new RevokedCertificate(BigInteger.TWO, THIS_UPDATE, RevocationReason.SUPERSEDED);
    assertThrows(IllegalArgumentException.class,
        () -> builder.build(BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE, List.of(entry, entry)));
    assertThrows(IllegalArgumentException.class,
        () -> builder.build(BigInteger.ZERO, THIS_UPDATE, NEXT_UPDATE, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> builder.build(BigInteger.ONE, NEXT_UPDATE, THIS_UPDATE, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new RevokedCertificate(BigInteger.valueOf(-1), THIS_UPDATE, RevocationReason.SUPERSEDED));
  }

  @Test
  void reasonCodesMatchRfc5280() {
    assertEquals(RevocationReason.REMOVE_FROM_CRL, RevocationReason.ofCode(8));
    assertEquals(CRLReason.privilegeWithdrawn, RevocationReason.PRIVILEGE_WITHDRAWN.code());
    assertThrows(IllegalArgumentException.class, () -> RevocationReason.ofCode(7));
  }
}

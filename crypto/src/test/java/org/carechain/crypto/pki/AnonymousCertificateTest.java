package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.junit.jupiter.api.Test;

class AnonymousCertificateTest {

  private static final byte[] LINK_TAG = {1, 0x55, (byte) 0xaa, 0x7f};
  private static final BigInteger SERIAL = new BigInteger("00ff112233445566778899aabbccddeeff001122", 16);
  private static final Instant NOT_AFTER = PkiFixtures.NOW.plus(Duration.ofDays(90));

  private final CertificateAuthority ca = PkiFixtures.ca();

  @Test
  void issuedCertificateCarriesItsFields() throws Exception {
    Ed25519PrivateKey holder = PkiFixtures.ed25519Key(20);
    SubjectPublicKey key = SubjectPublicKey.of(holder.publicKey());
    byte[] der = PkiFixtures.issuer(ca).issue(key, "Zx9-_q", "clinician", LINK_TAG, SERIAL, PkiFixtures.NOW, NOT_AFTER);

    AnonymousCertificate certificate = AnonymousCertificate.parse(der);
    assertEquals("Zx9-_q", certificate.pseudonym());
    assertEquals("clinician", certificate.role());
    assertArrayEquals(LINK_TAG, certificate.linkTag());
    assertEquals(SERIAL, certificate.serialNumber());
    assertEquals(PkiFixtures.NOW, certificate.notBefore());
    assertEquals(NOT_AFTER, certificate.notAfter());
    assertEquals(key, certificate.publicKey());
    assertEquals(PublicKeyAlgorithm.ED25519, certificate.keyAlgorithm());
    assertTrue(certificate.jcaPublicKey() instanceof java.security.interfaces.EdECPublicKey);
    assertEquals(ca.certificate().subject(), certificate.issuer());
    assertEquals(org.carechain.crypto.Hash.sha256(der), certificate.sha256());
    assertArrayEquals(der, certificate.toDer());
    assertEquals(certificate, AnonymousCertificate.parsePem(certificate.toPem()));
    assertDoesNotThrow(() -> certificate.verifyIssuedBy(ca));
  }

  @Test
  void extensionsAreAsSpecified() throws Exception {
    byte[] der = PkiFixtures.issue(ca, SubjectPublicKey.of(PkiFixtures.ed25519Key(21).publicKey()), SERIAL);
    Certificate asn1 = Certificate.getInstance(der);
    assertEquals(new X500Name("CN=pseudo-" + SERIAL), asn1.getSubject());
    Extensions extensions = asn1.getTBSCertificate().getExtensions();
    assertTrue(extensions.getExtension(Extension.basicConstraints).isCritical());
    assertTrue(extensions.getExtension(Extension.keyUsage).isCritical());
    assertTrue(ExtendedKeyUsage.fromExtensions(extensions).hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
    assertArrayEquals(ca.certificate().keyIdentifier(),
        AuthorityKeyIdentifier.fromExtensions(extensions).getKeyIdentifierOctets());
    assertFalse(extensions.getExtension(PkiOids.ROLE_OID).isCritical());
    assertFalse(extensions.getExtension(PkiOids.LINK_TAG_OID).isCritical());
    assertEquals(new DERUTF8String("patient"), extensions.getExtensionParsedValue(PkiOids.ROLE_OID));
    assertArrayEquals(new byte[] {1, 2, 3, 4},
        ASN1OctetString.getInstance(extensions.getExtensionParsedValue(PkiOids.LINK_TAG_OID)).getOctets());
    assertEquals(PkiFixtures.OCSP_URL.toString(), AuthorityInformationAccess.fromExtensions(extensions)
        .getAccessDescriptions()[0].getAccessLocation().getName().toString());
    assertTrue(CRLDistPoint.fromExtensions(extensions).toString().contains(PkiFixtures.CRL_URL.toString()));

    // The JDK's own X.509 reader agrees.
    X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
    assertEquals(-1, jdk.getBasicConstraints());
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), jdk.getExtendedKeyUsage());
    assertTrue(jdk.getNonCriticalExtensionOIDs().contains(PkiOids.ROLE));
    assertTrue(jdk.getNonCriticalExtensionOIDs().contains(PkiOids.LINK_TAG));
  }

  @Test
  void urlsAreOptional() throws Exception {
    byte[] der = AnonymousCertificateIssuer.create(ca, Optional.empty(), Optional.empty())
        .issue(SubjectPublicKey.of(PkiFixtures.ed25519Key(22).publicKey()), "p", "auditor", LINK_TAG, SERIAL,
            PkiFixtures.NOW, NOT_AFTER);
    Extensions extensions = Certificate.getInstance(der).getTBSCertificate().getExtensions();
    assertEquals(null, extensions.getExtension(Extension.authorityInfoAccess));
    assertEquals(null, extensions.getExtension(Extension.cRLDistributionPoints));
    assertEquals("auditor", AnonymousCertificate.parse(der).role());
  }

  @Test
  void anotherCaDidNotIssueIt() throws Exception {
    AnonymousCertificate certificate = AnonymousCertificate.parse(
        PkiFixtures.issue(ca, SubjectPublicKey.of(PkiFixtures.ed25519Key(23).publicKey()), SERIAL));
    CertificateAuthority sameName = PkiFixtures.ca(2, "CareChain Test CA");
    CertificateAuthority otherName = PkiFixtures.ca(3, "Other CA");
    SignatureException e = assertThrows(SignatureException.class, () -> certificate.verifyIssuedBy(sameName));
    assertEquals("certificate names another CA key", e.getMessage());
    assertThrows(SignatureException.class, () -> certificate.verifyIssuedBy(otherName));
  }

  @Test
  void tamperedSignatureDoesNotVerify() throws Exception {
    byte[] der = PkiFixtures.issue(ca, SubjectPublicKey.of(PkiFixtures.ed25519Key(24).publicKey()), SERIAL);
    der[der.length - 10] ^= 0x01;
    AnonymousCertificate certificate = AnonymousCertificate.parse(der);
    SignatureException e = assertThrows(SignatureException.class, () -> certificate.verifyIssuedBy(ca));
    assertEquals("certificate signature does not verify under the CA key", e.getMessage());
  }

  @Test
  void garbageAndTruncationAreMalformed() throws Exception {
    byte[] der = PkiFixtures.issue(ca, SubjectPublicKey.of(PkiFixtures.ed25519Key(25).publicKey()), SERIAL);
    for (int length = 0; length < der.length; length += 7) {
      byte[] truncated = java.util.Arrays.copyOf(der, length);
      assertThrows(MalformedPkiDataException.class, () -> AnonymousCertificate.parse(truncated), "length " + length);
    }
    assertThrows(MalformedPkiDataException.class, () -> AnonymousCertificate.parse(new byte[] {0x30, 0x03, 1, 2, 3}));
    assertThrows(MalformedPkiDataException.class, () -> AnonymousCertificate.parsePem("-----BEGIN CERTIFICATE-----\n"));
  }

  @Test
  void certificateWithoutRoleIsRefused() throws Exception {
    SubjectPublicKey key = SubjectPublicKey.of(PkiFixtures.ed25519Key(26).publicKey());
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.certificate().subjectName(), SERIAL,
        Der.toDate(PkiFixtures.NOW), Der.toDate(NOT_AFTER), new X500Name("CN=nobody"), key.info());
    builder.addExtension(PkiOids.LINK_TAG_OID, false, new org.bouncycastle.asn1.DEROctetString(LINK_TAG));
    byte[] noRole = builder.build(ca.newContentSigner()).getEncoded();
    MalformedPkiDataException e = assertThrows(MalformedPkiDataException.class, () -> AnonymousCertificate.parse(noRole));
    assertEquals("certificate has no role extension", e.getMessage());
  }

  @Test
  void caCertificateIsNotAnonymous() {
    assertThrows(MalformedPkiDataException.class, () -> AnonymousCertificate.parse(ca.certificate().toDer()));
  }

  @Test
  void validityWindow() throws Exception {
    AnonymousCertificate certificate = AnonymousCertificate.parse(
        PkiFixtures.issue(ca, SubjectPublicKey.of(PkiFixtures.ed25519Key(27).publicKey()), SERIAL));
    assertDoesNotThrow(() -> certificate.verifyValidAt(PkiFixtures.NOW));
    assertThrows(CertificateNotYetValidException.class, () -> certificate.verifyValidAt(PkiFixtures.NOW.minusSeconds(1)));
    assertThrows(CertificateExpiredException.class,
        () -> certificate.verifyValidAt(certificate.notAfter().plusSeconds(1)));
  }

  @Test
  void ed25519LoginSignature() throws Exception {
    Ed25519PrivateKey holder = PkiFixtures.ed25519Key(28);
    AnonymousCertificate certificate = AnonymousCertificate.parse(
        PkiFixtures.issue(ca, SubjectPublicKey.of(holder.publicKey()), SERIAL));
    byte[] challenge = "login challenge 1".getBytes();
    byte[] signature = Ed25519Sign.create(holder).sign(challenge);
    assertDoesNotThrow(() -> certificate.verifySignature(challenge, signature));
    assertThrows(SignatureException.class, () -> certificate.verifySignature("another challenge".getBytes(), signature));
    byte[] byOther = Ed25519Sign.create(PkiFixtures.ed25519Key(29)).sign(challenge);
    assertThrows(SignatureException.class, () -> certificate.verifySignature(challenge, byOther));
  }

  @Test
  void ecdsaLoginSignature() throws Exception {
    KeyPair holder = PkiFixtures.ecKeyPair("secp256r1");
    AnonymousCertificate certificate = AnonymousCertificate.parse(
        PkiFixtures.issue(ca, SubjectPublicKey.of(holder.getPublic()), SERIAL));
    assertEquals(PublicKeyAlgorithm.ECDSA_P256, certificate.keyAlgorithm());
    byte[] challenge = "login challenge 2".getBytes();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(holder.getPrivate());
    signer.update(challenge);
    byte[] signature = signer.sign();
    assertDoesNotThrow(() -> certificate.verifySignature(challenge, signature));
    assertThrows(SignatureException.class, () -> certificate.verifySignature("other".getBytes(), signature));
    assertThrows(SignatureException.class, () -> certificate.verifySignature(challenge, new byte[] {0x30, 0x00}));
    assertThrows(SignatureException.class, () -> certificate.verifySignature(challenge, new byte[64]));
  }

  @Test
  void issuerRefusesBadParameters() throws Exception {
    AnonymousCertificateIssuer issuer = PkiFixtures.issuer(ca);
    SubjectPublicKey key = SubjectPublicKey.of(PkiFixtures.ed25519Key(30).publicKey());
    Instant from = PkiFixtures.NOW;
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(key, "a,b=c", "patient", LINK_TAG, SERIAL, from, NOT_AFTER));
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(key, "", "patient", LINK_TAG, SERIAL, from, NOT_AFTER));
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(key, "p", "Patient", LINK_TAG, SERIAL, from, NOT_AFTER));
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(key, "p", "patient", new byte[0], SERIAL, from, NOT_AFTER));
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(key, "p", "patient", LINK_TAG, SERIAL.negate(), from, NOT_AFTER));
    assertThrows(IllegalArgumentException.class,
        () -> issuer.issue(key, "p", "patient", LINK_TAG, BigInteger.ONE.shiftLeft(159), from, NOT_AFTER));
    assertThrows(IllegalArgumentException.class, () -> issuer.issue(key, "p", "patient", LINK_TAG, SERIAL, NOT_AFTER, from));
    assertThrows(IllegalArgumentException.class,
        () -> issuer.issue(key, "p", "patient", LINK_TAG, SERIAL, from, PkiFixtures.CA_NOT_AFTER.plusSeconds(1)));
    // The largest serial RFC 5280 allows: 20 bytes with a clear top bit.
    assertDoesNotThrow(() -> issuer.issue(key, "p", "patient", LINK_TAG, BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE), from, NOT_AFTER));
  }
}

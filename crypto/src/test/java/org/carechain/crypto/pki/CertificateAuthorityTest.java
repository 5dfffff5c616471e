package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  @Test
  void rootCertificateFields() {
    Ed25519PrivateKey key = PkiFixtures.ed25519Key(1);
    CertificateAuthority ca = CertificateAuthority.createRoot(
        key, "Hospital A CA", PkiFixtures.CA_NOT_BEFORE, PkiFixtures.CA_NOT_AFTER, BigInteger.valueOf(99));
    CaCertificate certificate = ca.certificate();
    assertEquals("O=CareChain Consortium,CN=Hospital A CA", certificate.subject());
    assertEquals(key.publicKey(), certificate.publicKey());
    assertEquals(BigInteger.valueOf(99), certificate.serialNumber());
    assertEquals(PkiFixtures.CA_NOT_BEFORE, certificate.notBefore());
    assertEquals(PkiFixtures.CA_NOT_AFTER, certificate.notAfter());

    Certificate asn1 = Certificate.getInstance(certificate.toDer());
    assertEquals(asn1.getIssuer(), asn1.getSubject());
    Extension constraints = asn1.getTBSCertificate().getExtensions().getExtension(Extension.basicConstraints);
    assertTrue(constraints.isCritical());
    assertTrue(BasicConstraints.getInstance(constraints.getParsedValue()).isCA());
    Extension usage = asn1.getTBSCertificate().getExtensions().getExtension(Extension.keyUsage);
    assertTrue(usage.isCritical());
    assertEquals(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), KeyUsage.getInstance(usage.getParsedValue()));
    byte[] ski = SubjectKeyIdentifier.fromExtensions(asn1.getTBSCertificate().getExtensions()).getKeyIdentifier();
    assertArrayEquals(KeyIdentifiers.sha1(key.publicKey().toByteArray()), ski);
    assertArrayEquals(ski, certificate.keyIdentifier());
  }

  @Test
  void derAndPemRoundTrip() throws Exception {
    CertificateAuthority ca = PkiFixtures.ca();
    CaCertificate fromDer = CaCertificate.parse(ca.certificate().toDer());
    CaCertificate fromPem = CaCertificate.parsePem(ca.certificate().toPem());
    assertEquals(ca.certificate(), fromDer);
    assertEquals(ca.certificate(), fromPem);
    assertTrue(ca.certificate().toPem().startsWith("-----BEGIN CERTIFICATE-----\n"));
    CertificateAuthority reloaded = CertificateAuthority.create(PkiFixtures.ed25519Key(1), fromPem);
    assertEquals(ca.certificate(), reloaded.certificate());
  }

  @Test
  void keyMustMatchTheCertificate() {
    CaCertificate certificate = PkiFixtures.ca().certificate();
    assertThrows(InvalidKeyException.class, () -> CertificateAuthority.create(PkiFixtures.ed25519Key(2), certificate));
  }

  @Test
  void tamperedRootIsRefused() {
    byte[] der = PkiFixtures.ca().certificate().toDer();
    der[der.length - 3] ^= 0x01; // inside the signature
    MalformedPkiDataException e = assertThrows(MalformedPkiDataException.class, () -> CaCertificate.parse(der));
    assertEquals("CA certificate self-signature does not verify", e.getMessage());
    byte[] truncated = Arrays.copyOf(PkiFixtures.ca().certificate().toDer(), 100);
    assertThrows(MalformedPkiDataException.class, () -> CaCertificate.parse(truncated));
  }

  @Test
  void endEntityCertificateIsNotACa() throws Exception {
    CertificateAuthority ca = PkiFixtures.ca();
    byte[] endEntity = PkiFixtures.issue(ca, SubjectPublicKey.of(PkiFixtures.ed25519Key(5).publicKey()), BigInteger.TEN);
    assertThrows(MalformedPkiDataException.class, () -> CaCertificate.parse(endEntity));
  }

  @Test
  void badParametersAreRefused() {
    Ed25519PrivateKey key = PkiFixtures.ed25519Key(1);
    assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.createRoot(
        key, "bad,name=x", PkiFixtures.CA_NOT_BEFORE, PkiFixtures.CA_NOT_AFTER, BigInteger.ONE));
    assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.createRoot(
        key, "CA", PkiFixtures.CA_NOT_AFTER, PkiFixtures.CA_NOT_BEFORE, BigInteger.ONE));
    assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.createRoot(
        key, "CA", PkiFixtures.CA_NOT_BEFORE, PkiFixtures.CA_NOT_AFTER, BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.createRoot(
        key, "CA", PkiFixtures.CA_NOT_BEFORE, PkiFixtures.CA_NOT_AFTER, BigInteger.ONE.shiftLeft(160)));
  }

  @Test
  void toStringShowsNoSecret() {
    CertificateAuthority ca = PkiFixtures.ca();
    String seedHex = java.util.HexFormat.of().formatHex(PkiFixtures.ed25519Key(1).exportSeed());
    assertFalse(ca.toString().contains(seedHex));
    assertTrue(ca.toString().contains("CareChain Test CA"));
  }
}

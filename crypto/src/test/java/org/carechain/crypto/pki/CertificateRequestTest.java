package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

class CertificateRequestTest {

  @Test
  void ed25519RequestProvesPossessionOfItsKey() throws Exception {
    Ed25519PrivateKey key = PkiFixtures.ed25519Key(10);
    CertificateRequest request = CertificateRequest.parse(PkiFixtures.ed25519Csr(key));
    assertEquals(PublicKeyAlgorithm.ED25519, request.publicKey().algorithm());
    assertEquals(key.publicKey(), request.publicKey().ed25519().orElseThrow());
  }

  @Test
  void p256RequestProvesPossessionOfItsKey() throws Exception {
    KeyPair pair = PkiFixtures.ecKeyPair("secp256r1");
    CertificateRequest request = CertificateRequest.parse(PkiFixtures.jcaCsr(pair, "SHA256withECDSA"));
    assertEquals(PublicKeyAlgorithm.ECDSA_P256, request.publicKey().algorithm());
    assertArrayEquals(pair.getPublic().getEncoded(), request.publicKey().toDer());
    assertEquals("EC", request.publicKey().toJcaKey().getAlgorithm());
  }

  @Test
  void pemRoundTrip() throws Exception {
    byte[] der = PkiFixtures.ed25519Csr(PkiFixtures.ed25519Key(11));
    String pem = "-----BEGIN CERTIFICATE REQUEST-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
    assertArrayEquals(der, CertificateRequest.parsePem(pem).toDer());
  }

  @Test
  void garbageIsMalformed() {
    byte[] garbage = HexFormat.of().parseHex("deadbeef00112233445566778899");
    MalformedPkiDataException e =
        assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(garbage));
    assertNoInputIn(e, garbage);
    assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(new byte[0]));
    assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parsePem("not pem at all"));
    assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parsePem(
        "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n"));
  }

  @Test
  void everyTruncationIsMalformed() throws Exception {
    byte[] der = PkiFixtures.ed25519Csr(PkiFixtures.ed25519Key(12));
    for (int length = 0; length < der.length; length++) {
      byte[] truncated = Arrays.copyOf(der, length);
      int at = length;
      assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(truncated), "truncated to " + at);
    }
  }

  @Test
  void trailingBytesAreMalformed() throws Exception {
    byte[] der = PkiFixtures.ed25519Csr(PkiFixtures.ed25519Key(13));
    byte[] longer = Arrays.copyOf(der, der.length + 1);
    assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(longer));
  }

  @Test
  void rsaKeyIsRefused() throws Exception {
    byte[] der = PkiFixtures.jcaCsr(PkiFixtures.rsaKeyPair(), "SHA256withRSA");
    MalformedPkiDataException e = assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(der));
    assertEquals("public key algorithm is neither Ed25519 nor EC P-256", e.getMessage());
  }

  @Test
  void otherCurveIsRefused() throws Exception {
    byte[] der = PkiFixtures.jcaCsr(PkiFixtures.ecKeyPair("secp384r1"), "SHA384withECDSA");
    MalformedPkiDataException e = assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(der));
    assertEquals("EC public key is not on the named curve P-256", e.getMessage());
  }

  @Test
  void p256WithAnotherHashIsRefused() throws Exception {
    byte[] der = PkiFixtures.jcaCsr(PkiFixtures.ecKeyPair("secp256r1"), "SHA384withECDSA");
    assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(der));
  }

  @Test
  void tamperedSignatureFailsProofOfPossession() throws Exception {
    for (byte[] der : new byte[][] {
        PkiFixtures.ed25519Csr(PkiFixtures.ed25519Key(14)),
        PkiFixtures.jcaCsr(PkiFixtures.ecKeyPair("secp256r1"), "SHA256withECDSA")}) {
      CertificationRequest request = CertificationRequest.getInstance(der);
      byte[] signature = request.getSignature().getOctets();
      signature[signature.length / 2] ^= 0x01;
      byte[] tampered = new CertificationRequest(
          request.getCertificationRequestInfo(), request.getSignatureAlgorithm(), new DERBitString(signature))
          .getEncoded("DER");
      assertThrows(ProofOfPossessionException.class, () -> CertificateRequest.parse(tampered));
    }
  }

  @Test
  void swappedKeyFailsProofOfPossession() throws Exception {
    // A request signed by one key, with another person's key put in: the signature proves
    // possession of a key the request does not carry.
    byte[] genuine = PkiFixtures.ed25519Csr(PkiFixtures.ed25519Key(15));
    SubjectPublicKeyInfo victim = SubjectPublicKey.of(PkiFixtures.ed25519Key(16).publicKey()).info();
    assertThrows(ProofOfPossessionException.class, () -> CertificateRequest.parse(swapKey(genuine, victim)));

    byte[] genuineEc = PkiFixtures.jcaCsr(PkiFixtures.ecKeyPair("secp256r1"), "SHA256withECDSA");
    SubjectPublicKeyInfo victimEc =
        SubjectPublicKeyInfo.getInstance(PkiFixtures.ecKeyPair("secp256r1").getPublic().getEncoded());
    assertThrows(ProofOfPossessionException.class, () -> CertificateRequest.parse(swapKey(genuineEc, victimEc)));
  }

  @Test
  void ed25519KeyWithEcdsaSignatureAlgorithmIsMalformed() throws Exception {
    byte[] genuine = PkiFixtures.jcaCsr(PkiFixtures.ecKeyPair("secp256r1"), "SHA256withECDSA");
    SubjectPublicKeyInfo ed = SubjectPublicKey.of(PkiFixtures.ed25519Key(17).publicKey()).info();
    assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(swapKey(genuine, ed)));
  }

  private static byte[] swapKey(byte[] der, SubjectPublicKeyInfo key) throws Exception {
    CertificationRequest request = CertificationRequest.getInstance(der);
    CertificationRequestInfo info = request.getCertificationRequestInfo();
    CertificationRequestInfo swapped = new CertificationRequestInfo(info.getSubject(), key, info.getAttributes());
    return new CertificationRequest(swapped, request.getSignatureAlgorithm(), request.getSignature()).getEncoded("DER");
  }

  static void assertNoInputIn(Exception e, byte[] input) {
    String message = e.getMessage().toLowerCase();
    assertFalse(message.contains(HexFormat.of().formatHex(input, 0, 4)), message);
    assertFalse(message.contains(java.util.Base64.getEncoder().encodeToString(input).toLowerCase().substring(0, 4)), message);
  }
}

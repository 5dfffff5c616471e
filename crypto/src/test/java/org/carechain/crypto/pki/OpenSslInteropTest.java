package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKI against a real client: OpenSSL 3 makes the requests and checks the certificates, CRLs
 * and OCSP responses. Everything is written to a JUnit temporary directory. Uses the wall clock,
 * because {@code openssl verify} and {@code openssl ocsp} do.
 */
class OpenSslInteropTest {

  private static final BigInteger GOOD_SERIAL = new BigInteger("1234567890abcdef01", 16);
  private static final BigInteger REVOKED_SERIAL = new BigInteger("7edcba98765432100f", 16);

  @TempDir Path dir;

  private OpenSsl openssl;
  private CertificateAuthority ca;
  private Instant now;

  @BeforeEach
  void setUp() throws Exception {
    openssl = new OpenSsl(dir);
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ca = CertificateAuthority.createRoot(
        PkiFixtures.ed25519Key(42), "CareChain Interop CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)),
        BigInteger.ONE);
    Files.writeString(dir.resolve("ca.pem"), ca.certificate().toPem());
  }

  @Test
  void opensslEd25519RequestPassesProofOfPossession() throws Exception {
    openssl.ok("genpkey", "-algorithm", "ed25519", "-out", "ed.key");
    openssl.ok("req", "-new", "-key", "ed.key", "-subj", "/CN=whatever", "-out", "ed.csr");
    CertificateRequest request = CertificateRequest.parsePem(Files.readString(dir.resolve("ed.csr")));
    assertEquals(PublicKeyAlgorithm.ED25519, request.publicKey().algorithm());
    openssl.ok("pkey", "-in", "ed.key", "-pubout", "-outform", "DER", "-out", "ed.pub.der");
    assertArrayEquals(Files.readAllBytes(dir.resolve("ed.pub.der")), request.publicKey().toDer());
  }

  @Test
  void opensslP256RequestPassesProofOfPossession() throws Exception {
    openssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key");
    openssl.ok("req", "-new", "-key", "ec.key", "-subj", "/CN=whatever", "-outform", "DER", "-out", "ec.csr.der");
    CertificateRequest request = CertificateRequest.parse(Files.readAllBytes(dir.resolve("ec.csr.der")));
    assertEquals(PublicKeyAlgorithm.ECDSA_P256, request.publicKey().algorithm());
  }

  @Test
  void opensslRsaRequestIsRefused() throws Exception {
    openssl.ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key");
    openssl.ok("req", "-new", "-key", "rsa.key", "-subj", "/CN=whatever", "-outform", "DER", "-out", "rsa.csr.der");
    byte[] der = Files.readAllBytes(dir.resolve("rsa.csr.der"));
    org.junit.jupiter.api.Assertions.assertThrows(MalformedPkiDataException.class, () -> CertificateRequest.parse(der));
  }

  @Test
  void opensslShowsPseudonymAndExtensions() throws Exception {
    issueToOpensslKey("ed25519", GOOD_SERIAL, "cert.pem");
    String text = openssl.ok("x509", "-in", "cert.pem", "-noout", "-text").output();
    assertTrue(text.contains("Subject: CN = pseudo-interop"), text);
    assertTrue(text.contains("Issuer: O = CareChain Consortium, CN = CareChain Interop CA"), text);
    assertTrue(text.contains("Signature Algorithm: ED25519"), text);
    assertTrue(text.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"), text);
    assertTrue(text.contains("X509v3 Key Usage: critical\n                Digital Signature"), text);
    assertTrue(text.contains("TLS Web Client Authentication"), text);
    assertTrue(text.contains("OCSP - URI:http://ocsp.carechain.test/ocsp"), text);
    assertTrue(text.contains("URI:http://crl.carechain.test/ca.crl"), text);
    assertTrue(text.contains(PkiOids.ROLE + ": \n                ..clinician"), text);
    assertTrue(text.contains(PkiOids.LINK_TAG + ": \n"), text);
    String caText = openssl.ok("x509", "-in", "ca.pem", "-noout", "-text").output();
    assertTrue(caText.contains("X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0"), caText);
    assertTrue(caText.contains("Certificate Sign, CRL Sign"), caText);
  }

  @Test
  void opensslVerifiesIssuedCertificatesAndChecksTheCrl() throws Exception {
    issueToOpensslKey("ed25519", GOOD_SERIAL, "good.pem");
    issueToOpensslKey("p256", REVOKED_SERIAL, "revoked.pem");
    String verified = openssl.ok("verify", "-CAfile", "ca.pem", "good.pem").output();
    assertTrue(verified.contains("good.pem: OK"), verified);
    openssl.ok("verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "revoked.pem");

    String crl = CrlBuilder.create(ca).buildPem(
        BigInteger.valueOf(7), now.minusSeconds(60), now.plus(Duration.ofDays(1)),
        List.of(new RevokedCertificate(REVOKED_SERIAL, now.minusSeconds(120), RevocationReason.KEY_COMPROMISE)));
    Files.writeString(dir.resolve("crl.pem"), crl);
    String crlText = openssl.ok("crl", "-in", "crl.pem", "-noout", "-text", "-CAfile", "ca.pem").output();
    assertTrue(crlText.contains("verify OK"), crlText);
    assertTrue(crlText.contains("X509v3 CRL Number: \n                7"), crlText);
    assertTrue(crlText.contains("Key Compromise"), crlText);

    String good = openssl.ok("verify", "-CAfile", "ca.pem", "-crl_check", "-CRLfile", "crl.pem", "good.pem").output();
    assertTrue(good.contains("good.pem: OK"), good);
    OpenSsl.Result revoked = openssl.run("verify", "-CAfile", "ca.pem", "-crl_check", "-CRLfile", "crl.pem", "revoked.pem");
    assertNotEquals(0, revoked.exitCode(), revoked.output());
    assertTrue(revoked.output().contains("certificate revoked"), revoked.output());
  }

  @Test
  void opensslVerifiesOcspResponsesWithoutNonce() throws Exception {
    issueToOpensslKey("ed25519", GOOD_SERIAL, "good.pem");
    issueToOpensslKey("p256", REVOKED_SERIAL, "revoked.pem");
    OcspResponder responder = OcspResponder.create(ca, Duration.ofHours(1), Duration.ofMinutes(10), 1000);
    StatusLookup lookup = serial -> serial.equals(REVOKED_SERIAL)
        ? CertificateStatus.revoked(now.minusSeconds(300), RevocationReason.KEY_COMPROMISE)
        : CertificateStatus.GOOD;

    String good = ocspRoundTrip(responder, lookup, "good.pem");
    assertTrue(good.contains("Response verify OK"), good);
    assertTrue(good.contains("good.pem: good"), good);

    String revoked = ocspRoundTrip(responder, lookup, "revoked.pem");
    assertTrue(revoked.contains("Response verify OK"), revoked);
    assertTrue(revoked.contains("revoked.pem: revoked"), revoked);
    assertTrue(revoked.contains("Reason: keyCompromise"), revoked);
    assertTrue(revoked.contains("Revocation Time:"), revoked);
  }

  @Test
  void opensslRejectsATamperedOcspResponse() throws Exception {
    issueToOpensslKey("ed25519", GOOD_SERIAL, "good.pem");
    OcspResponder responder = OcspResponder.create(ca, Duration.ofHours(1), Duration.ofMinutes(10), 1000);
    openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", "good.pem", "-no_nonce", "-reqout", "req.der");
    byte[] answer = responder.respond(Files.readAllBytes(dir.resolve("req.der")), serial -> CertificateStatus.GOOD, Instant.now());
    answer[answer.length - 5] ^= 0x01; // inside the Ed25519 signature, the last field
    Files.write(dir.resolve("resp.der"), answer);
    OpenSsl.Result result = openssl.run("ocsp", "-respin", "resp.der", "-issuer", "ca.pem", "-cert", "good.pem",
        "-no_nonce", "-CAfile", "ca.pem");
    assertNotEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("Response Verify Failure"), result.output());
  }

  @Test
  void opensslVerifiesOcspResponseWithNonce() throws Exception {
    issueToOpensslKey("ed25519", GOOD_SERIAL, "good.pem");
    OcspResponder responder = OcspResponder.create(ca, Duration.ofHours(1), Duration.ofMinutes(10), 1000);
    openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", "good.pem", "-nonce", "-reqout", "first.req.der");
    openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", "good.pem", "-nonce", "-reqout", "second.req.der");
    byte[] answer = responder.respond(Files.readAllBytes(dir.resolve("first.req.der")), serial -> CertificateStatus.GOOD, Instant.now());
    Files.write(dir.resolve("first.resp.der"), answer);

    // With -cert, openssl ocsp builds a new request (with a new nonce) and ignores -reqin, so the
    // nonce check runs against the stored request alone; the status is read from -resp_text.
    // Without -issuer, the responder's certificate must be named with -verify_other (or -VAfile):
    // the response carries no certificates.
    String checked = openssl.ok("ocsp", "-reqin", "first.req.der", "-respin", "first.resp.der",
        "-CAfile", "ca.pem", "-verify_other", "ca.pem", "-resp_text").output();
    assertTrue(checked.contains("Response verify OK"), checked);
    assertTrue(checked.contains("Cert Status: good"), checked);
    assertTrue(!checked.contains("nonce"), checked);

    OpenSsl.Result otherNonce = openssl.run("ocsp", "-reqin", "second.req.der", "-respin", "first.resp.der",
        "-CAfile", "ca.pem", "-verify_other", "ca.pem");
    assertNotEquals(0, otherNonce.exitCode(), otherNonce.output());
    assertTrue(otherNonce.output().contains("Nonce Verify error"), otherNonce.output());
  }

  /** openssl makes a request without a nonce, the responder answers, openssl checks the answer. */
  private String ocspRoundTrip(OcspResponder responder, StatusLookup lookup, String cert) throws Exception {
    String request = cert + ".req.der";
    String response = cert + ".resp.der";
    openssl.ok("ocsp", "-issuer", "ca.pem", "-cert", cert, "-no_nonce", "-reqout", request);
    byte[] answer = responder.respond(Files.readAllBytes(dir.resolve(request)), lookup, Instant.now());
    Files.write(dir.resolve(response), answer);
    // No -verify_other needed: when the responder is not found among the response's certificates,
    // openssl ocsp retries with the -issuer certificate trusted to sign for what it issued.
    return openssl.ok("ocsp", "-respin", response, "-issuer", "ca.pem", "-cert", cert, "-no_nonce",
        "-CAfile", "ca.pem").output();
  }

  /** Has openssl make a key and a request, and issues a certificate for it. */
  private void issueToOpensslKey(String algorithm, BigInteger serial, String certFile) throws Exception {
    String key = certFile + ".key";
    if (algorithm.equals("ed25519")) {
      openssl.ok("genpkey", "-algorithm", "ed25519", "-out", key);
    } else {
      openssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
    }
    openssl.ok("req", "-new", "-key", key, "-subj", "/CN=requester", "-outform", "DER", "-out", certFile + ".csr");
    CertificateRequest request = CertificateRequest.parse(Files.readAllBytes(dir.resolve(certFile + ".csr")));
    byte[] linkTag = HexFormat.of().parseHex("01" + "ab".repeat(60));
    byte[] der = AnonymousCertificateIssuer.create(ca, Optional.of(PkiFixtures.OCSP_URL), Optional.of(PkiFixtures.CRL_URL))
        .issue(request.publicKey(), "pseudo-interop", "clinician", linkTag, serial, now.minusSeconds(60), now.plus(Duration.ofDays(30)));
    Files.writeString(dir.resolve(certFile), AnonymousCertificate.parse(der).toPem(), StandardCharsets.US_ASCII);
  }
}

package org.carechain.bench;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.pki.CertificateStatus;
import org.carechain.crypto.pki.OcspResponder;
import org.carechain.crypto.pki.StatusLookup;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The PKI's per-operation costs, with an Ed25519 CA key: building and signing one anonymous
 * certificate, and producing one OCSP response freshly signed (with and without a nonce) or from
 * the responder's cache. The baseline is a bare BouncyCastle Ed25519 signature (via
 * {@code Ed25519Sign}) of a message as long as the certificate's TBSCertificate, so the difference
 * is what ASN.1 building and encoding add around the signature.
 *
 * <p>Data: an Ed25519 subject key, a 20-byte-style random serial per certificate, a 65-byte link
 * tag (the size of an {@code EscrowCipher} tag of a 16-byte rid), OCSP and CRL URLs; OCSP requests
 * as {@code openssl ocsp} sends them (one SHA-1 CertID; a 16-byte nonce when there is one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PkiBenchmark {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final BigInteger SERIAL = new BigInteger("5a3f9c0e7b1d2468ace013579bdf02", 16);
  private static final StatusLookup ALL_GOOD = serial -> CertificateStatus.GOOD;

  private AnonymousCertificateIssuer issuer;
  private SubjectPublicKey subjectKey;
  private byte[] linkTag;
  private BigInteger nextSerial;
  private Ed25519Sign bareSigner;
  private byte[] tbsSizedMessage;
  private OcspResponder uncachedResponder;
  private OcspResponder cachingResponder;
  private byte[] requestWithoutNonce;
  private byte[] requestWithNonce;

  @Setup
  public void setUp() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    Ed25519PrivateKey caKey = Ed25519PrivateKey.create(bytes(random, Ed25519PrivateKey.SEED_SIZE));
    CertificateAuthority ca = CertificateAuthority.createRoot(
        caKey, "CareChain Bench CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)), BigInteger.ONE);
    issuer = AnonymousCertificateIssuer.create(ca,
        Optional.of(URI.create("http://ocsp.carechain.test/ocsp")), Optional.of(URI.create("http://crl.carechain.test/ca.crl")));
    subjectKey = SubjectPublicKey.of(Ed25519PrivateKey.create(bytes(random, Ed25519PrivateKey.SEED_SIZE)).publicKey());
    linkTag = bytes(random, 65);
    nextSerial = SERIAL;

    bareSigner = Ed25519Sign.create(caKey);
    byte[] certificate = issueOne();
    tbsSizedMessage = bytes(random, Certificate.getInstance(certificate).getTBSCertificate().getEncoded().length);

    uncachedResponder = OcspResponder.create(ca, Duration.ofHours(1), Duration.ofMinutes(10), 0);
    cachingResponder = OcspResponder.create(ca, Duration.ofHours(1), Duration.ofMinutes(10), 1_000_000);
    CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(ca.certificate().toDer()), SERIAL);
    requestWithoutNonce = new OCSPReqBuilder().addRequest(id).build().getEncoded();
    requestWithNonce = new OCSPReqBuilder().addRequest(id)
        .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
            new DEROctetString(bytes(random, 16)).getEncoded())))
        .build().getEncoded();
    // Both responders must answer, or the numbers would measure error paths.
    if (uncachedResponder.respond(requestWithNonce, ALL_GOOD, NOW).length < 100
        || cachingResponder.respond(requestWithoutNonce, ALL_GOOD, NOW).length < 100) {
      throw new IllegalStateException("the responder did not produce a signed response");
    }
  }

  @Benchmark
  public byte[] issueCertificate() {
    return issueOne();
  }

  @Benchmark
  public byte[] bareEd25519SignTbsSized() {
    return bareSigner.sign(tbsSizedMessage);
  }

  @Benchmark
  public byte[] ocspFreshSigned() {
    return uncachedResponder.respond(requestWithoutNonce, ALL_GOOD, NOW);
  }

  @Benchmark
  public byte[] ocspFreshSignedWithNonce() {
    return uncachedResponder.respond(requestWithNonce, ALL_GOOD, NOW);
  }

  @Benchmark
  public byte[] ocspCached() {
    return cachingResponder.respond(requestWithoutNonce, ALL_GOOD, NOW);
  }

  private byte[] issueOne() {
    nextSerial = nextSerial.add(BigInteger.ONE);
    return issuer.issue(subjectKey, "bench-pseudonym-0123456789", "patient", linkTag, nextSerial, NOW,
        NOW.plus(Duration.ofDays(365)));
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

}

package org.carechain.crypto.pki;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.testing.SeededSecureRandom;

/** Keys, a CA and requests for the PKI tests, all from fixed seeds except the JDK's EC keys. */
final class PkiFixtures {

  static final Instant CA_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant CA_NOT_AFTER = Instant.parse("2045-01-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final URI OCSP_URL = URI.create("http://ocsp.carechain.test/ocsp");
  static final URI CRL_URL = URI.create("http://crl.carechain.test/ca.crl");

  private PkiFixtures() {}

  static Ed25519PrivateKey ed25519Key(long seed) {
    return Ed25519PrivateKey.generate(new SeededSecureRandom(seed));
  }

  static CertificateAuthority ca(long seed, String name) {
    return CertificateAuthority.createRoot(ed25519Key(seed), name, CA_NOT_BEFORE, CA_NOT_AFTER, BigInteger.valueOf(seed));
  }

  static CertificateAuthority ca() {
    return ca(1, "CareChain Test CA");
  }

  static AnonymousCertificateIssuer issuer(CertificateAuthority ca) {
    return AnonymousCertificateIssuer.create(ca, Optional.of(OCSP_URL), Optional.of(CRL_URL));
  }

  /** Issues a one-year certificate to {@code key} at {@link #NOW}. */
  static byte[] issue(CertificateAuthority ca, SubjectPublicKey key, BigInteger serial) {
    return issuer(ca).issue(key, "pseudo-" + serial, "patient", new byte[] {1, 2, 3, 4}, serial, NOW, NOW.plus(Duration.ofDays(365)));
  }

  static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  static KeyPair rsaKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** A PKCS#10 request for an Ed25519 key, signed by that key. */
  static byte[] ed25519Csr(Ed25519PrivateKey key) throws Exception {
    PKCS10CertificationRequestBuilder builder = new PKCS10CertificationRequestBuilder(
        new X500Name("CN=ignored"), SubjectPublicKey.of(key.publicKey()).info());
    return builder.build(new Ed25519ContentSigner(Ed25519Sign.create(key))).getEncoded();
  }

  /** A PKCS#10 request for a JCA key pair, signed with {@code algorithm} by its private key. */
  static byte[] jcaCsr(KeyPair pair, String algorithm) throws Exception {
    return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), pair.getPublic())
        .build(signer(pair, algorithm))
        .getEncoded();
  }

  static ContentSigner signer(KeyPair pair, String algorithm) throws OperatorCreationException {
    return new JcaContentSignerBuilder(algorithm).build(pair.getPrivate());
  }
}

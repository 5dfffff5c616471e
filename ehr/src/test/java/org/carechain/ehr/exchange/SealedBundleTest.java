package org.carechain.ehr.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.MalformedEnvelopeException;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sse.KeyWrap;
import org.junit.jupiter.api.Test;

class SealedBundleTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] REQUEST_ID = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
  private static final Hash PATIENT = Hash.sha256("synthetic patient".getBytes(StandardCharsets.UTF_8));
  private static final byte[] INFO = SealedBundle.info(REQUEST_ID, "hospital-b", "hospital-a", PATIENT);
  private static final byte[] PLAINTEXT =
      "{\"resourceType\":\"Bundle\",\"note\":\"Gr\u00fc\u00dfe \u2713 \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void infoIsTheDocumentedCanonicalEncoding() {
    byte[] expected = CanonicalEncoder.forDomain("carechain/exchange/sealed-bundle/v1")
        .writeBytes(REQUEST_ID).writeString("hospital-b").writeString("hospital-a").writeHash(PATIENT).toByteArray();
    assertArrayEquals(expected, INFO);
    assertFalse(Arrays.equals(INFO, SealedBundle.info(REQUEST_ID, "hospital-a", "hospital-b", PATIENT)),
        "the two providers are not interchangeable");
    assertThrows(IllegalArgumentException.class,
        () -> SealedBundle.info(new byte[15], "hospital-b", "hospital-a", PATIENT));
  }

  @Test
  void roundTripToAP256Key() throws Exception {
    KeyPair pair = p256();
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(pair.getPublic()), PLAINTEXT, INFO, RANDOM);

    assertEquals(SealedBundle.VERSION, sealed[0]);
    assertEquals(KeyWrap.P256_WRAPPED_SIZE, ((sealed[1] & 0xff) << 8) | (sealed[2] & 0xff));
    assertEquals(3 + KeyWrap.P256_WRAPPED_SIZE + 12 + PLAINTEXT.length + 16, sealed.length);
    assertArrayEquals(PLAINTEXT, SealedBundle.open(pair.getPrivate(), sealed, INFO));
  }

  @Test
  void roundTripToAnEd25519Key() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);

    assertEquals(3 + KeyWrap.X25519_WRAPPED_SIZE + 12 + PLAINTEXT.length + 16, sealed.length);
    assertArrayEquals(PLAINTEXT, SealedBundle.open(key, sealed, INFO));
  }

  @Test
  void roundTripToAJcaEd25519Key() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(pair.getPublic()), PLAINTEXT, INFO, RANDOM);
    assertArrayEquals(PLAINTEXT, SealedBundle.open(pair.getPrivate(), sealed, INFO));
  }

  @Test
  void roundTripToAnAnonymousCertificate() throws Exception {
    Ed25519PrivateKey userKey = Ed25519PrivateKey.generate(RANDOM);
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    CertificateAuthority ca = CertificateAuthority.createRoot(Ed25519PrivateKey.generate(RANDOM),
        "Exchange Test CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.ONE);
    AnonymousCertificate certificate = AnonymousCertificate.parse(
        AnonymousCertificateIssuer.create(ca, Optional.empty(), Optional.empty())
            .issue(SubjectPublicKey.of(userKey.publicKey()), "pseudo-7", "physician", new byte[] {7},
                BigInteger.TWO, now, now.plus(Duration.ofDays(365))));

    byte[] sealed = SealedBundle.seal(certificate, PLAINTEXT, INFO, RANDOM);
    assertArrayEquals(PLAINTEXT, SealedBundle.open(userKey, sealed, INFO));
  }

  @Test
  void emptyAndLargestPlaintextsRoundTrip() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    SubjectPublicKey recipient = SubjectPublicKey.of(key.publicKey());
    assertArrayEquals(new byte[0], SealedBundle.open(key, SealedBundle.seal(recipient, new byte[0], INFO, RANDOM), INFO));

    byte[] largest = new byte[SealedBundle.MAX_PLAINTEXT_BYTES];
    largest[largest.length - 1] = 42;
    assertArrayEquals(largest, SealedBundle.open(key, SealedBundle.seal(recipient, largest, INFO, RANDOM), INFO));
    assertThrows(IllegalArgumentException.class,
        () -> SealedBundle.seal(recipient, new byte[SealedBundle.MAX_PLAINTEXT_BYTES + 1], INFO, RANDOM));
  }

  @Test
  void twoSealsOfOnePlaintextDiffer() {
    SubjectPublicKey recipient = SubjectPublicKey.of(Ed25519PrivateKey.generate(RANDOM).publicKey());
    assertFalse(Arrays.equals(SealedBundle.seal(recipient, PLAINTEXT, INFO, RANDOM),
        SealedBundle.seal(recipient, PLAINTEXT, INFO, RANDOM)));
  }

  @Test
  void anotherKeyOfTheSameKindDoesNotOpen() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] toEd = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);
    assertThrows(AEADBadTagException.class, () -> SealedBundle.open(Ed25519PrivateKey.generate(RANDOM), toEd, INFO));

    KeyPair pair = p256();
    byte[] toP256 = SealedBundle.seal(SubjectPublicKey.of(pair.getPublic()), PLAINTEXT, INFO, RANDOM);
    assertThrows(AEADBadTagException.class, () -> SealedBundle.open(p256().getPrivate(), toP256, INFO));
  }

  @Test
  void aKeyOfTheOtherKindDoesNotOpen() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    KeyPair pair = p256();
    byte[] toEd = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);
    byte[] toP256 = SealedBundle.seal(SubjectPublicKey.of(pair.getPublic()), PLAINTEXT, INFO, RANDOM);
    assertThrows(InvalidKeyException.class, () -> SealedBundle.open(pair.getPrivate(), toEd, INFO));
    assertThrows(InvalidKeyException.class, () -> SealedBundle.open(key, toP256, INFO));
  }

  @Test
  void anotherInfoDoesNotOpen() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);
    byte[] otherRequest = REQUEST_ID.clone();
    otherRequest[0] ^= 1;
    for (byte[] info : new byte[][] {
        SealedBundle.info(otherRequest, "hospital-b", "hospital-a", PATIENT),
        SealedBundle.info(REQUEST_ID, "hospital-c", "hospital-a", PATIENT),
        SealedBundle.info(REQUEST_ID, "hospital-b", "hospital-c", PATIENT),
        SealedBundle.info(REQUEST_ID, "hospital-b", "hospital-a", Hash.sha256(new byte[] {1})),
        new byte[0]}) {
      assertThrows(AEADBadTagException.class, () -> SealedBundle.open(key, sealed, info));
    }
  }

  /**
   * Every single-bit flip is refused: in the header as malformed or as a wrapped key that does not
   * open, in the wrapped key as a key that does not open, in the nonce, ciphertext or tag as a GCM
   * tag that does not verify. The plaintext never appears in a message.
   */
  @Test
  void everyFlippedBitIsRefused() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);
    for (int bit = 0; bit < 8 * sealed.length; bit++) {
      byte[] flipped = sealed.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      GeneralSecurityException e =
          assertThrows(GeneralSecurityException.class, () -> SealedBundle.open(key, flipped, INFO), "bit " + bit);
      assertNoContent(e);
      if (bit >= 8 * (3 + KeyWrap.X25519_WRAPPED_SIZE)) {
        assertInstanceOf(AEADBadTagException.class, e, "bit " + bit);
      }
    }
  }

  @Test
  void truncatedOrExtendedInputIsRefused() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);
    int minimum = 3 + KeyWrap.X25519_WRAPPED_SIZE + 12 + 16;
    for (int length = 0; length < sealed.length; length++) {
      byte[] truncated = Arrays.copyOf(sealed, length);
      GeneralSecurityException e =
          assertThrows(GeneralSecurityException.class, () -> SealedBundle.open(key, truncated, INFO), "length " + length);
      assertNoContent(e);
      if (length < minimum) {
        assertInstanceOf(MalformedEnvelopeException.class, e, "length " + length);
      }
    }
    byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);
    assertThrows(AEADBadTagException.class, () -> SealedBundle.open(key, extended, INFO));
  }

  @Test
  void malformedHeadersNameTheProblem() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(key.publicKey()), PLAINTEXT, INFO, RANDOM);

    byte[] version = sealed.clone();
    version[0] = 2;
    assertTrue(assertThrows(MalformedEnvelopeException.class, () -> SealedBundle.open(key, version, INFO))
        .getMessage().contains("version"));

    byte[] length = sealed.clone();
    length[2] = 50;
    assertTrue(assertThrows(MalformedEnvelopeException.class, () -> SealedBundle.open(key, length, INFO))
        .getMessage().contains("wrapped key"));

    // The P-256 length with an X25519 wrapped key: KeyWrap refuses the layout.
    byte[] otherSuite = sealed.clone();
    otherSuite[2] = (byte) KeyWrap.P256_WRAPPED_SIZE;
    assertThrows(GeneralSecurityException.class, () -> SealedBundle.open(key, otherSuite, INFO));
  }

  private static void assertNoContent(Exception e) {
    String message = String.valueOf(e.getMessage());
    assertFalse(message.contains("Bundle") || message.contains("note"), message);
  }

  private static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }
}

package org.carechain.crypto.sse;

import static org.carechain.crypto.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.MalformedEnvelopeException;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.pki.CertificateRequest;
import org.carechain.crypto.pki.PublicKeyAlgorithm;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.testing.ScriptedSecureRandom;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.carechain.crypto.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KeyWrap}: BouncyCastle's HPKE against RFC 9180 vectors for each KEM, KDF and AEAD it
 * uses; KeyWrap's own bytes against known answers computed with another implementation; the
 * Ed25519 to X25519 conversion against libsodium's vector and as a property; round trips to keys
 * from real certification requests; and refusal of wrong keys, wrong contexts and altered blobs.
 */
class KeyWrapTest {

  private static final byte[] KEY = HexFormat.of().parseHex(
      "8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0");
  private static final byte[] INFO = KeyWrap.keywordKeyInfo(
      "hospital1", SecurityLabel.N, Hash.sha256(new byte[] {1, 2, 3}));

  // --- RFC 9180 vectors, run through BouncyCastle's HPKE as KeyWrap configures it ---

  /**
   * A.1.1 covers DHKEM(X25519, HKDF-SHA256), A.3.1 DHKEM(P-256, HKDF-SHA256), both with
   * HKDF-SHA256 in the key schedule; RFC 9180 has no vector with AES-256-GCM and HKDF-SHA256, so
   * A.6.1 (P-521, HKDF-SHA512, AES-256-GCM) covers AES-256-GCM inside HPKE (a 32-byte key from the
   * key schedule). KeyWrap's exact suites are covered by {@link #wrapGivesTheKnownAnswers}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"rfc9180/rfc9180_a1_1_base.json", "rfc9180/rfc9180_a3_1_base.json",
      "rfc9180/rfc9180_a6_1_base.json"})
  void bouncyCastleHpkeReproducesTheRfc9180Vectors(String file) throws Exception {
    JsonNode vector = TestVectors.readJson(file);
    assertEquals(HPKE.mode_base, vector.get("mode").asInt(), file);
    HPKE hpke = new HPKE(HPKE.mode_base, (short) vector.get("kem_id").asInt(),
        (short) vector.get("kdf_id").asInt(), (short) vector.get("aead_id").asInt());

    AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(field(vector, "ikmE"));
    AsymmetricCipherKeyPair recipient = hpke.deriveKeyPair(field(vector, "ikmR"));
    assertArrayEquals(field(vector, "pkEm"), hpke.serializePublicKey(ephemeral.getPublic()), file + " pkEm");
    assertArrayEquals(field(vector, "pkRm"), hpke.serializePublicKey(recipient.getPublic()), file + " pkRm");
    if (vector.get("kem_id").asInt() != HPKE.kem_X25519_SHA256) {
      // X25519 keys serialize clamped (RFC 9180 section 7.1.2); HpkeRfc9180Test covers that case.
      assertArrayEquals(field(vector, "skRm"), hpke.serializePrivateKey(recipient.getPrivate()), file + " skRm");
    }

    HPKEContextWithEncapsulation sender = hpke.setupBaseS(recipient.getPublic(), field(vector, "info"), ephemeral);
    assertArrayEquals(field(vector, "enc"), sender.getEncapsulation(), file + " enc");
    HPKEContext receiver = hpke.setupBaseR(field(vector, "enc"), recipient, field(vector, "info"));
    Map<Integer, JsonNode> bySequence = new HashMap<>();
    vector.get("encryptions").forEach(e -> bySequence.put(e.get("sequence_number").asInt(), e));
    assertEquals(6, bySequence.size(), file);
    // Sequence numbers advance with every Seal, so the gaps are filled with messages of our own.
    for (int sequence = 0; sequence <= 256; sequence++) {
      JsonNode listed = bySequence.get(sequence);
      byte[] aad = listed == null ? new byte[0] : field(listed, "aad");
      byte[] plaintext = listed == null ? new byte[] {(byte) sequence} : field(listed, "pt");
      byte[] ciphertext = sender.seal(aad, plaintext);
      if (listed != null) {
        assertArrayEquals(field(listed, "ct"), ciphertext, file + " ct at sequence " + sequence);
      }
      assertArrayEquals(plaintext, receiver.open(aad, ciphertext), file + " open at sequence " + sequence);
    }
    int exports = 0;
    for (JsonNode export : vector.get("exports")) {
      byte[] expected = field(export, "exported_value");
      byte[] context = field(export, "exporter_context");
      assertArrayEquals(expected, sender.export(context, export.get("L").asInt()), file + " export");
      assertArrayEquals(expected, receiver.export(context, export.get("L").asInt()), file + " export");
      exports++;
    }
    assertEquals(3, exports, file);
  }

  /** KeyWrap draws its ephemeral key as DeriveKeyPair(random 32 bytes), so RFC ikmE gives RFC enc. */
  @Test
  void theEphemeralKeyIsDeriveKeyPairOfThePassedRandomness() throws Exception {
    JsonNode p256 = TestVectors.readJson("rfc9180/rfc9180_a3_1_base.json");
    byte[] wrapped = KeyWrap.wrap(p256PublicKey(field(p256, "pkRm")), KEY, INFO,
        new ScriptedSecureRandom(field(p256, "ikmE")));
    assertArrayEquals(field(p256, "enc"), Arrays.copyOfRange(wrapped, 7, 7 + 65));

    JsonNode x25519 = TestVectors.readJson("rfc9180/rfc9180_a1_1_base.json");
    SubjectPublicKey ed25519 = SubjectPublicKey.of(Ed25519PrivateKey.generate(new SeededSecureRandom(5)).publicKey());
    wrapped = KeyWrap.wrap(ed25519, KEY, INFO, new ScriptedSecureRandom(field(x25519, "ikmE")));
    assertArrayEquals(field(x25519, "enc"), Arrays.copyOfRange(wrapped, 7, 7 + 32));
  }

  // --- KeyWrap's own format against an independent implementation ---

  /**
   * {@code keywrap/known_answers.json} was computed with Python's {@code cryptography} and
   * {@code hmac} from RFC 9180's definitions (see its README), not with this code.
   */
  @Test
  void wrapGivesTheKnownAnswers() throws Exception {
    JsonNode cases = TestVectors.readJson("keywrap/known_answers.json").get("cases");
    assertEquals(2, cases.size());
    for (JsonNode known : cases) {
      String name = known.get("algorithm").asText();
      SubjectPublicKey recipient = SubjectPublicKey.fromDer(field(known, "recipient_spki"));
      assertEquals(PublicKeyAlgorithm.valueOf(name), recipient.algorithm(), name);
      byte[] wrapped = KeyWrap.wrap(recipient, field(known, "key"), field(known, "info"),
          new ScriptedSecureRandom(field(known, "ikmE")));
      assertArrayEquals(field(known, "wrapped"), wrapped, name);

      byte[] unwrapped = recipient.algorithm() == PublicKeyAlgorithm.ED25519
          ? KeyWrap.unwrap(Ed25519PrivateKey.create(field(known, "recipient_private")), field(known, "wrapped"),
              field(known, "info"))
          : KeyWrap.unwrap(p256PrivateKey(field(known, "recipient_private")), field(known, "wrapped"),
              field(known, "info"));
      assertArrayEquals(field(known, "key"), unwrapped, name);
    }
  }

  // --- Ed25519 to X25519 ---

  @Test
  void theConversionMatchesLibsodium() throws Exception {
    JsonNode vector = TestVectors.readJson("libsodium/ed25519_convert.json");
    Ed25519PrivateKey key = Ed25519PrivateKey.create(field(vector, "seed"));
    assertArrayEquals(field(vector, "ed25519_pk"), key.publicKey().toByteArray());
    assertArrayEquals(field(vector, "curve25519_pk"), KeyWrap.x25519PublicKey(key.publicKey().toByteArray()));
    assertArrayEquals(field(vector, "curve25519_sk"), KeyWrap.x25519PrivateKey(field(vector, "seed")));
  }

  @Test
  void theConvertedPrivateKeyHasTheConvertedPublicKey() throws Exception {
    long seed = 0x5eed_0001L;
    SecureRandom random = new SeededSecureRandom(seed);
    for (int i = 0; i < 500; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      byte[] fromPublic = KeyWrap.x25519PublicKey(key.publicKey().toByteArray());
      byte[] fromPrivate = new byte[X25519.POINT_SIZE];
      X25519.scalarMultBase(KeyWrap.x25519PrivateKey(key.exportSeed()), 0, fromPrivate, 0);
      assertArrayEquals(fromPrivate, fromPublic, "key " + i + " of seed " + seed);
    }
  }

  /** The identity, the point of order 2 and a point of order 8: none has a safe X25519 form. */
  @ParameterizedTest
  @ValueSource(strings = {
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"})
  void smallOrderEd25519KeysAreRefused(String encoded) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KeyWrap.x25519PublicKey(HexFormat.of().parseHex(encoded)));
    assertFalse(e.getMessage().contains(encoded.substring(0, 8)));
  }

  // --- Round trips to keys from certification requests and certificates ---

  @Test
  void roundTripToAnEd25519KeyFromACertificateRequest() throws Exception {
    byte[] seed = new byte[32];
    new SplittableRandom(11).nextBytes(seed);
    PrivateKey jcaKey = KeyFactory.getInstance("Ed25519")
        .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    SubjectPublicKey recipient = requestKey(
        new KeyPair(SubjectPublicKey.of(Ed25519PrivateKey.create(seed).publicKey()).toJcaKey(), jcaKey), "Ed25519");
    assertEquals(PublicKeyAlgorithm.ED25519, recipient.algorithm());

    byte[] wrapped = KeyWrap.wrap(recipient, KEY, INFO, new SeededSecureRandom(21));
    assertEquals(KeyWrap.X25519_WRAPPED_SIZE, wrapped.length);
    assertArrayEquals(KEY, KeyWrap.unwrap(Ed25519PrivateKey.create(seed), wrapped, INFO));
    assertArrayEquals(KEY, KeyWrap.unwrap(jcaKey, wrapped, INFO));
  }

  @Test
  void roundTripToAP256KeyFromACertificateRequest() throws Exception {
    KeyPair pair = p256KeyPair(111);
    SubjectPublicKey recipient = requestKey(pair, "SHA256withECDSA");
    assertEquals(PublicKeyAlgorithm.ECDSA_P256, recipient.algorithm());

    byte[] wrapped = KeyWrap.wrap(recipient, KEY, INFO, new SeededSecureRandom(22));
    assertEquals(KeyWrap.P256_WRAPPED_SIZE, wrapped.length);
    assertArrayEquals(KEY, KeyWrap.unwrap(pair.getPrivate(), wrapped, INFO));
  }

  @Test
  void roundTripToAnAnonymousCertificate() throws Exception {
    Ed25519PrivateKey userKey = Ed25519PrivateKey.generate(new SeededSecureRandom(31));
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    CertificateAuthority ca = CertificateAuthority.createRoot(Ed25519PrivateKey.generate(new SeededSecureRandom(32)),
        "KeyWrap Test CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.ONE);
    AnonymousCertificate certificate = AnonymousCertificate.parse(
        AnonymousCertificateIssuer.create(ca, Optional.empty(), Optional.empty())
            .issue(SubjectPublicKey.of(userKey.publicKey()), "pseudo-7", "physician", new byte[] {7},
                BigInteger.TWO, now, now.plus(Duration.ofDays(365))));

    byte[] wrapped = KeyWrap.wrap(certificate, KEY, INFO, new SeededSecureRandom(33));
    assertArrayEquals(KEY, KeyWrap.unwrap(userKey, wrapped, INFO));
  }

  @Test
  void twoWrapsOfOneKeyAreUnrelated() {
    SubjectPublicKey recipient = SubjectPublicKey.of(Ed25519PrivateKey.generate(new SeededSecureRandom(41)).publicKey());
    SecureRandom random = new SeededSecureRandom(42);
    byte[] first = KeyWrap.wrap(recipient, KEY, INFO, random);
    byte[] second = KeyWrap.wrap(recipient, KEY, INFO, random);
    assertFalse(Arrays.equals(first, second));
    assertFalse(Arrays.equals(Arrays.copyOfRange(first, 7, first.length), Arrays.copyOfRange(second, 7, second.length)));
  }

  // --- Refusals ---

  @Test
  void anotherKeyOfTheSameKindDoesNotUnwrap() throws Exception {
    Ed25519PrivateKey owner = Ed25519PrivateKey.generate(new SeededSecureRandom(51));
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SeededSecureRandom(52));
    byte[] toEd25519 = KeyWrap.wrap(SubjectPublicKey.of(owner.publicKey()), KEY, INFO, new SeededSecureRandom(53));
    assertNoKeyMaterialIn(assertThrows(AEADBadTagException.class, () -> KeyWrap.unwrap(other, toEd25519, INFO)));

    KeyPair p256 = p256KeyPair(112);
    byte[] toP256 = KeyWrap.wrap(SubjectPublicKey.of(p256.getPublic()), KEY, INFO, new SeededSecureRandom(54));
    assertNoKeyMaterialIn(assertThrows(AEADBadTagException.class,
        () -> KeyWrap.unwrap(p256KeyPair(113).getPrivate(), toP256, INFO)));
  }

  @Test
  void aKeyOfTheOtherKindIsRefusedAsSuch() throws Exception {
    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate(new SeededSecureRandom(61));
    KeyPair p256 = p256KeyPair(114);
    byte[] toP256 = KeyWrap.wrap(SubjectPublicKey.of(p256.getPublic()), KEY, INFO, new SeededSecureRandom(62));
    byte[] toEd25519 = KeyWrap.wrap(SubjectPublicKey.of(ed25519.publicKey()), KEY, INFO, new SeededSecureRandom(63));
    assertThrows(InvalidKeyException.class, () -> KeyWrap.unwrap(ed25519, toP256, INFO));
    assertThrows(InvalidKeyException.class, () -> KeyWrap.unwrap(p256.getPrivate(), toEd25519, INFO));

    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    assertThrows(InvalidKeyException.class, () -> KeyWrap.unwrap(p384.generateKeyPair().getPrivate(), toP256, INFO));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    assertThrows(InvalidKeyException.class, () -> KeyWrap.unwrap(rsa.generateKeyPair().getPrivate(), toP256, INFO));
  }

  @Test
  void anotherContextDoesNotUnwrap() throws Exception {
    Ed25519PrivateKey user = Ed25519PrivateKey.generate(new SeededSecureRandom(71));
    Hash tag = Hash.sha256(new byte[] {9});
    byte[] info = KeyWrap.keywordKeyInfo("hospital1", SecurityLabel.N, tag);
    byte[] wrapped = KeyWrap.wrap(SubjectPublicKey.of(user.publicKey()), KEY, info, new SeededSecureRandom(72));
    assertArrayEquals(KEY, KeyWrap.unwrap(user, wrapped, info));

    byte[][] otherContexts = {
        KeyWrap.keywordKeyInfo("hospital2", SecurityLabel.N, tag),
        KeyWrap.keywordKeyInfo("hospital1", SecurityLabel.R, tag),
        KeyWrap.keywordKeyInfo("hospital1", SecurityLabel.N, Hash.sha256(new byte[] {10})),
        new byte[0]};
    for (byte[] other : otherContexts) {
      assertFalse(Arrays.equals(info, other));
      assertNoKeyMaterialIn(assertThrows(AEADBadTagException.class, () -> KeyWrap.unwrap(user, wrapped, other)));
    }
  }

  /** Every single-bit change anywhere in a wrapped key is caught, for both suites. */
  @Test
  void everyFlippedBitIsCaught() throws Exception {
    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate(new SeededSecureRandom(81));
    KeyPair p256 = p256KeyPair(115);
    byte[] toEd25519 = KeyWrap.wrap(SubjectPublicKey.of(ed25519.publicKey()), KEY, INFO, new SeededSecureRandom(82));
    byte[] toP256 = KeyWrap.wrap(SubjectPublicKey.of(p256.getPublic()), KEY, INFO, new SeededSecureRandom(83));
    for (int bit = 0; bit < 8 * toEd25519.length; bit++) {
      byte[] altered = flip(toEd25519, bit);
      GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
          () -> KeyWrap.unwrap(ed25519, altered, INFO), "Ed25519 bit " + bit);
      assertNoKeyMaterialIn(e);
    }
    for (int bit = 0; bit < 8 * toP256.length; bit++) {
      byte[] altered = flip(toP256, bit);
      GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
          () -> KeyWrap.unwrap(p256.getPrivate(), altered, INFO), "P-256 bit " + bit);
      assertNoKeyMaterialIn(e);
    }
    // A flip in the ciphertext is an authentication failure, not a layout one.
    byte[] lastByte = flip(toP256, 8 * toP256.length - 1);
    assertThrows(AEADBadTagException.class, () -> KeyWrap.unwrap(p256.getPrivate(), lastByte, INFO));
  }

  @Test
  void malformedBlobsAreRefusedBeforeDecryption() throws Exception {
    Ed25519PrivateKey user = Ed25519PrivateKey.generate(new SeededSecureRandom(91));
    byte[] wrapped = KeyWrap.wrap(SubjectPublicKey.of(user.publicKey()), KEY, INFO, new SeededSecureRandom(92));
    byte[] badVersion = wrapped.clone();
    badVersion[0] = 2;
    byte[] unknownSuite = wrapped.clone();
    unknownSuite[6] = 1; // AES-128-GCM
    byte[][] malformed = {
        new byte[0], Arrays.copyOf(wrapped, 6), Arrays.copyOf(wrapped, wrapped.length - 1),
        Arrays.copyOf(wrapped, wrapped.length + 1), badVersion, unknownSuite};
    for (byte[] blob : malformed) {
      MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
          () -> KeyWrap.unwrap(user, blob, INFO), "length " + blob.length);
      assertNoKeyMaterialIn(e);
    }
  }

  @Test
  void onlyThirtyTwoByteKeysAreWrapped() {
    SubjectPublicKey recipient = SubjectPublicKey.of(Ed25519PrivateKey.generate(new SeededSecureRandom(101)).publicKey());
    for (int length : new int[] {0, 16, 31, 33}) {
      assertThrows(IllegalArgumentException.class,
          () -> KeyWrap.wrap(recipient, new byte[length], INFO, new SeededSecureRandom(102)));
    }
  }

  @Test
  void theKeywordContextIsCanonical() {
    Hash tag = Hash.sha256(new byte[] {1});
    assertArrayEquals(KeyWrap.keywordKeyInfo("o", SecurityLabel.V, tag),
        KeyWrap.keywordKeyInfo("o", SecurityLabel.V, tag));
    // Length framing: moving a character between fields changes the bytes.
    assertFalse(Arrays.equals(KeyWrap.keywordKeyInfo("oN", SecurityLabel.N, tag),
        KeyWrap.keywordKeyInfo("o", SecurityLabel.N, tag)));
  }

  // --- helpers ---

  private static void assertNoKeyMaterialIn(Exception e) {
    String message = String.valueOf(e.getMessage()).toLowerCase();
    String keyHex = HexFormat.of().formatHex(KEY);
    assertFalse(message.contains(keyHex.substring(0, 12)), message);
    assertInstanceOf(GeneralSecurityException.class, e);
  }

  private static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  private static SubjectPublicKey requestKey(KeyPair pair, String signatureAlgorithm) throws Exception {
    byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), pair.getPublic())
        .build(new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate()))
        .getEncoded();
    return CertificateRequest.parse(der).publicKey();
  }

  private static KeyPair p256KeyPair(long seed) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SeededSecureRandom(seed));
    return generator.generateKeyPair();
  }

  private static ECParameterSpec p256Parameters() throws GeneralSecurityException {
    return ((ECPrivateKey) p256KeyPair(0).getPrivate()).getParams();
  }

  private static ECPrivateKey p256PrivateKey(byte[] scalar) throws GeneralSecurityException {
    return (ECPrivateKey) KeyFactory.getInstance("EC")
        .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), p256Parameters()));
  }

  /** The SubjectPublicKey of an uncompressed P-256 point (0x04 || x || y). */
  private static SubjectPublicKey p256PublicKey(byte[] point) throws Exception {
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
        new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    return SubjectPublicKey.of(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256Parameters())));
  }

  private static byte[] field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new IllegalStateException("test vector has no field " + name);
    }
    return hex(value.asText());
  }
}

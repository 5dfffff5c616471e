package org.carechain.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;

class Ed25519KeyTest {

  private static final byte[] MESSAGE = "vote".getBytes(StandardCharsets.UTF_8);

  // RFC 8032 TEST 1.
  private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  @Test
  void generationUsesOnlyThePassedRandomness() {
    Ed25519PrivateKey first = Ed25519PrivateKey.generate(new SeededRandom(7));
    Ed25519PrivateKey again = Ed25519PrivateKey.generate(new SeededRandom(7));
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SeededRandom(8));
    assertEquals(first, again);
    assertEquals(first.publicKey(), again.publicKey());
    assertNotEquals(first, other);
  }

  @Test
  void signaturesVerifyUnderTheirOwnKeyOnly() throws GeneralSecurityException {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SeededRandom(1));
    Ed25519PrivateKey otherKey = Ed25519PrivateKey.generate(new SeededRandom(2));
    byte[] signature = Ed25519Sign.create(key).sign(MESSAGE);
    assertEquals(Ed25519Sign.SIGNATURE_SIZE, signature.length);
    Ed25519Verify.create(key.publicKey()).verify(signature, MESSAGE);
    assertThrows(SignatureException.class,
        () -> Ed25519Verify.create(otherKey.publicKey()).verify(signature, MESSAGE));
  }

  @Test
  void malformedSignaturesAreRejectedNotCrashing() {
    Ed25519Verify verifier = Ed25519Verify.create(Ed25519PrivateKey.generate(new SeededRandom(1)).publicKey());
    assertThrows(SignatureException.class, () -> verifier.verify(new byte[0], MESSAGE));
    assertThrows(SignatureException.class, () -> verifier.verify(new byte[63], MESSAGE));
    assertThrows(SignatureException.class, () -> verifier.verify(new byte[65], MESSAGE));
    assertThrows(SignatureException.class, () -> verifier.verify(new byte[64], MESSAGE));
  }

  @Test
  void keysRejectWrongLengthsAndInvalidPoints() {
    assertThrows(InvalidKeyException.class, () -> Ed25519PrivateKey.create(new byte[31]));
    assertThrows(InvalidKeyException.class, () -> Ed25519PublicKey.create(new byte[33]));
    // y = 2 is not the y-coordinate of any point on edwards25519.
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2;
    assertThrows(InvalidKeyException.class, () -> Ed25519PublicKey.create(notOnCurve));
  }

  @Test
  void keyIdIsTheSha256PrefixOfThePublicKey() throws InvalidKeyException {
    Ed25519PrivateKey key = Ed25519PrivateKey.create(HexFormat.of().parseHex(SEED));
    String expected = Hash.sha256(HexFormat.of().parseHex(PUBLIC)).toHex().substring(0, 32);
    assertEquals(expected, key.keyId().hex());
    assertEquals(key.keyId(), key.publicKey().keyId());
    assertEquals(key.keyId(), Ed25519PublicKey.create(HexFormat.of().parseHex(PUBLIC)).keyId());
    assertEquals(key.keyId(), KeyId.of(expected));
  }

  @Test
  void keyIdRejectsMalformedText() {
    assertThrows(IllegalArgumentException.class, () -> KeyId.of("ABCDEF0123456789abcdef0123456789"));
    assertThrows(IllegalArgumentException.class, () -> KeyId.of("abc"));
  }

  @Test
  void toStringNeverShowsTheSeed() throws InvalidKeyException {
    Ed25519PrivateKey key = Ed25519PrivateKey.create(HexFormat.of().parseHex(SEED));
    for (String text : new String[] {key.toString(), Ed25519Sign.create(key).toString()}) {
      assertFalse(text.contains(SEED), text);
      assertFalse(text.toUpperCase().contains(SEED.toUpperCase()), text);
      assertTrue(text.contains(key.keyId().hex()), text);
    }
  }

  @Test
  void exportedSeedRecreatesTheKeyAndIsACopy() throws InvalidKeyException {
    Ed25519PrivateKey key = Ed25519PrivateKey.create(HexFormat.of().parseHex(SEED));
    byte[] seed = key.exportSeed();
    assertArrayEquals(HexFormat.of().parseHex(SEED), seed);
    seed[0] ^= 1;
    assertArrayEquals(HexFormat.of().parseHex(SEED), key.exportSeed());
    assertEquals(key, Ed25519PrivateKey.create(HexFormat.of().parseHex(SEED)));
  }

  @Test
  void publicKeysCompareByContentAndCopy() throws InvalidKeyException {
    byte[] raw = HexFormat.of().parseHex(PUBLIC);
    Ed25519PublicKey key = Ed25519PublicKey.create(raw);
    raw[0] ^= 1;
    assertEquals(key, Ed25519PublicKey.create(HexFormat.of().parseHex(PUBLIC)));
    assertEquals(key.hashCode(), Ed25519PublicKey.create(HexFormat.of().parseHex(PUBLIC)).hashCode());
    key.toByteArray()[0] ^= 1;
    assertArrayEquals(HexFormat.of().parseHex(PUBLIC), key.toByteArray());
  }

  /** A repeatable "SecureRandom" so that key generation can be tested; never for real keys. */
  private static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient SplittableRandom random;

    SeededRandom(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
      random.nextBytes(bytes);
    }
  }
}

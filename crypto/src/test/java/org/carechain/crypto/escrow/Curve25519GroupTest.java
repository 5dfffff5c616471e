package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The Weierstrass arithmetic checked against X25519 itself: whatever the lift and sign choices,
 * the u-coordinates must be the ones the X25519 function computes.
 */
class Curve25519GroupTest {

  private static final BigInteger P = Curve25519Group.P;
  private static final BigInteger ORDER = Curve25519Group.ORDER;

  private static byte[] x25519(byte[] scalar, byte[] u) {
    byte[] out = new byte[32];
    X25519.scalarMult(scalar, 0, u, 0, out, 0);
    return out;
  }

  private static byte[] x25519PublicKey(byte[] scalar) {
    byte[] out = new byte[32];
    X25519.scalarMultBase(scalar, 0, out, 0);
    return out;
  }

  @Test
  void theBasePointIsUNine() {
    byte[] nine = new byte[32];
    nine[0] = 9;
    assertArrayEquals(nine, Curve25519Group.uCoordinate(Curve25519Group.base()));
    assertEquals(ORDER, new BigInteger(
        "7237005577332262213973186563042994240857116359379907606001950938285454250989"));
    assertTrue(Curve25519Group.base().multiply(ORDER).isInfinity());
  }

  @Test
  void scalarMultiplesMatchX25519ForRandomKeysAndPoints() throws InvalidKeyException {
    SeededSecureRandom random = new SeededSecureRandom(1);
    for (int trial = 0; trial < 50; trial++) {
      byte[] sk = new byte[32];
      random.nextBytes(sk);
      BigInteger d = Curve25519Group.clampedScalarModOrder(sk);
      assertArrayEquals(x25519PublicKey(sk),
          Curve25519Group.uCoordinate(Curve25519Group.multiply(Curve25519Group.base(), d)),
          "public key, trial " + trial);

      byte[] ephemeral = new byte[32];
      random.nextBytes(ephemeral);
      byte[] enc = x25519PublicKey(ephemeral);
      ECPoint e = Curve25519Group.encapsulatedKeyPoint(enc);
      byte[] expected = x25519(sk, enc);
      assertArrayEquals(expected, Curve25519Group.uCoordinate(Curve25519Group.multiply(e, d)),
          "shared secret, trial " + trial);
      // The other lift gives the same u: the sign choice does not matter, only consistency.
      assertArrayEquals(expected,
          Curve25519Group.uCoordinate(Curve25519Group.multiply(e.negate(), d)));
    }
  }

  @Test
  void anEncWithASmallOrderComponentStillMatchesX25519() throws InvalidKeyException {
    // (u, v) = (0, 0) is the point of order 2; adding it moves a subgroup point off the subgroup.
    ECPoint order2 = Curve25519Group.CURVE.createPoint(
        BigInteger.valueOf(486662).multiply(BigInteger.valueOf(3).modInverse(P)).mod(P),
        BigInteger.ZERO);
    assertTrue(order2.twice().isInfinity());
    SeededSecureRandom random = new SeededSecureRandom(2);
    for (int trial = 0; trial < 10; trial++) {
      ECPoint e = Curve25519Group.multiply(
          Curve25519Group.base(), Curve25519Group.randomNonzeroScalar(random));
      byte[] enc = Curve25519Group.uCoordinate(e.add(order2).normalize());
      byte[] sk = new byte[32];
      random.nextBytes(sk);
      ECPoint projected = Curve25519Group.encapsulatedKeyPoint(enc);
      assertArrayEquals(x25519(sk, enc), Curve25519Group.uCoordinate(Curve25519Group.multiply(
          projected, Curve25519Group.clampedScalarModOrder(sk))), "trial " + trial);
    }
  }

  @Test
  void encapsulatedKeysOffTheCurveOrOfLowOrderAreRefused() {
    assertThrows(InvalidKeyException.class, () -> Curve25519Group.encapsulatedKeyPoint(new byte[32]));
    byte[] one = new byte[32];
    one[0] = 1;
    assertThrows(InvalidKeyException.class, () -> Curve25519Group.encapsulatedKeyPoint(one));
    assertThrows(InvalidKeyException.class, () -> Curve25519Group.encapsulatedKeyPoint(new byte[31]));
    // About half of all u are on the twist; find one and check it is refused.
    int twistFound = 0;
    for (int u = 2; u < 40; u++) {
      byte[] enc = new byte[32];
      enc[0] = (byte) u;
      try {
        Curve25519Group.encapsulatedKeyPoint(enc);
      } catch (InvalidKeyException e) {
        twistFound++;
      }
    }
    assertTrue(twistFound > 5, twistFound + " twist points among u = 2..39");
  }

  @Test
  void pointEncodingRoundTripsAndIsStrict() {
    SplittableRandom seeds = new SplittableRandom(3);
    SeededSecureRandom random = new SeededSecureRandom(seeds.nextLong());
    for (int trial = 0; trial < 30; trial++) {
      ECPoint point = Curve25519Group.multiply(
          Curve25519Group.base(), Curve25519Group.randomNonzeroScalar(random));
      byte[] encoded = Curve25519Group.encode(point);
      assertEquals(point, Curve25519Group.decode(encoded, 0));
      byte[] negated = Curve25519Group.encode(point.negate());
      encoded[31] ^= (byte) 0x80;
      assertArrayEquals(encoded, negated);
    }
    // u = p and above is not canonical.
    byte[] p = Curve25519Group.toLittleEndian(P, 32);
    assertNull(Curve25519Group.decode(p, 0));
    // The order-2 point (u = 0) and points outside the prime-order subgroup are refused.
    assertNull(Curve25519Group.decode(new byte[32], 0));
    byte[] zeroWithSign = new byte[32];
    zeroWithSign[31] = (byte) 0x80;
    assertNull(Curve25519Group.decode(zeroWithSign, 0));
    ECPoint order2 = Curve25519Group.CURVE.createPoint(
        BigInteger.valueOf(486662).multiply(BigInteger.valueOf(3).modInverse(P)).mod(P),
        BigInteger.ZERO);
    ECPoint mixed = Curve25519Group.base().add(order2).normalize();
    byte[] mixedEncoded = Curve25519Group.uCoordinate(mixed);
    if (mixed.getAffineYCoord().testBitZero()) {
      mixedEncoded[31] |= (byte) 0x80;
    }
    assertNull(Curve25519Group.decode(mixedEncoded, 0));
    // A u on the twist has no point.
    byte[] twist = null;
    for (int u = 2; twist == null; u++) {
      byte[] candidate = new byte[32];
      candidate[0] = (byte) u;
      try {
        Curve25519Group.encapsulatedKeyPoint(candidate);
      } catch (InvalidKeyException e) {
        twist = candidate;
      }
    }
    assertNull(Curve25519Group.decode(twist, 0));
    assertNotNull(Curve25519Group.decode(Curve25519Group.encode(Curve25519Group.base()), 0));
  }

  @Test
  void scalarsAreThirtyTwoBytesLittleEndianBelowTheOrder() {
    BigInteger below = ORDER.subtract(BigInteger.ONE);
    assertEquals(below, Curve25519Group.decodeScalar(Curve25519Group.encodeScalar(below), 0));
    assertNull(Curve25519Group.decodeScalar(Curve25519Group.toLittleEndian(ORDER, 32), 0));
    byte[] all = new byte[32];
    java.util.Arrays.fill(all, (byte) 0xff);
    assertNull(Curve25519Group.decodeScalar(all, 0));
    byte[] two = new byte[32];
    two[0] = 2;
    assertEquals(BigInteger.TWO, Curve25519Group.decodeScalar(two, 0));
  }
}

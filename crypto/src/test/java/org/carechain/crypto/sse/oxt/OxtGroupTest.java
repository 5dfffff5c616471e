package org.carechain.crypto.sse.oxt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class OxtGroupTest {

  private static final BigInteger Q = OxtGroup.order();

  @Test
  void theGroupIsP256() {
    // SEC 2 / FIPS 186-4 order of P-256 and the x-coordinate of its base point.
    assertEquals(new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16), Q);
    assertEquals(new BigInteger("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", 16),
        OxtGroup.generator().getAffineXCoord().toBigInteger());
  }

  @Test
  void fixedAndVariableBaseAgreeAndExponentsCompose() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 20; i++) {
      BigInteger a = OxtGroup.scalarOf(wide(random));
      BigInteger b = OxtGroup.scalarOf(wide(random));
      ECPoint ga = OxtGroup.baseMultiply(a);
      assertEquals(ga, OxtGroup.multiply(OxtGroup.generator(), a));
      // (g^(a·b))^(b^-1) = g^a: the identity the server's xtag computation rests on.
      ECPoint gab = OxtGroup.baseMultiplyAll(new BigInteger[] {a.multiply(b)})[0];
      assertEquals(ga, OxtGroup.multiply(gab, b.modInverse(Q)));
      assertArrayEquals(OxtGroup.encode(ga), OxtGroup.encode(OxtGroup.decode(OxtGroup.encode(ga))));
    }
  }

  @Test
  void scalarsAreNeverZeroAndBelowTheOrder() {
    assertEquals(BigInteger.ONE, OxtGroup.scalarOf(new byte[64]));
    byte[] max = new byte[64];
    java.util.Arrays.fill(max, (byte) 0xff);
    BigInteger top = OxtGroup.scalarOf(max);
    assertTrue(top.signum() > 0 && top.compareTo(Q) < 0);
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.scalarOf(new byte[32]));
    assertEquals(32, OxtGroup.scalarBytes(BigInteger.ONE).length);
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.scalarBytes(Q));
  }

  @Test
  void decodingRefusesAnythingButACompressedCurvePoint() {
    byte[] good = OxtGroup.encode(OxtGroup.generator());
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.decode(new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.decode(new byte[] {0x00}), "identity");
    assertThrows(IllegalArgumentException.class,
        () -> OxtGroup.decode(OxtGroup.generator().getEncoded(false)), "uncompressed");
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.decode(java.util.Arrays.copyOf(good, 32)));
    // x = 1 is not on P-256 (1 - 3 + b is not a square mod p), and x = p is out of range.
    byte[] offCurve = new byte[33];
    offCurve[0] = 0x02;
    offCurve[32] = 0x01;
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.decode(offCurve));
    byte[] outOfRange = HexFormat.of().parseHex("02ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    assertThrows(IllegalArgumentException.class, () -> OxtGroup.decode(outOfRange));
  }

  private static byte[] wide(SplittableRandom random) {
    byte[] bytes = new byte[64];
    random.nextBytes(bytes);
    return bytes;
  }
}

package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GF(2^8) with the AES polynomial 0x11B, against FIPS-197 examples and a naive reference. */
class Gf256Test {

  @Test
  void knownAnswersFromFips197() {
    // FIPS-197 section 4.2: {57} * {83} = {c1}; section 4.2.1: {57} * {13} = {fe}.
    assertEquals(0xc1, Gf256.mul(0x57, 0x83));
    assertEquals(0xfe, Gf256.mul(0x57, 0x13));
    // Section 4.2.1, repeated xtime: {57} * {02}, {04}, {08}, {10}.
    assertEquals(0xae, Gf256.mul(0x57, 0x02));
    assertEquals(0x47, Gf256.mul(0x57, 0x04));
    assertEquals(0x8e, Gf256.mul(0x57, 0x08));
    assertEquals(0x07, Gf256.mul(0x57, 0x10));
    // {53} and {ca} are inverses (the AES S-box construction's standard example).
    assertEquals(0x01, Gf256.mul(0x53, 0xca));
    assertEquals(0xca, Gf256.inverse(0x53));
    assertEquals(0x53, Gf256.inverse(0xca));
  }

  @Test
  void multiplicationTableSpotChecks() {
    assertEquals(0x00, Gf256.mul(0x00, 0xff));
    assertEquals(0xff, Gf256.mul(0x01, 0xff));
    assertEquals(0x1b, Gf256.mul(0x80, 0x02)); // x^8 reduces to x^4 + x^3 + x + 1
    assertEquals(0x13, Gf256.mul(0xff, 0xff));
    assertEquals(0x8d, Gf256.inverse(0x02));
    assertEquals(0x01, Gf256.inverse(0x01));
    assertEquals(0x1b ^ 0x80, Gf256.add(0x1b, 0x80));
  }

  @Test
  void agreesWithNaiveMultiplicationOnEveryPair() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertEquals(reference(a, b), Gf256.mul(a, b), "mul(" + a + ", " + b + ")");
      }
    }
  }

  @Test
  void everyNonzeroElementHasItsInverseAndZeroHasNone() {
    for (int a = 1; a < 256; a++) {
      assertEquals(1, Gf256.mul(a, Gf256.inverse(a)), "inverse of " + a);
      assertEquals(a, Gf256.div(Gf256.mul(a, 0x35), 0x35), "div undoes mul for " + a);
    }
    assertThrows(ArithmeticException.class, () -> Gf256.inverse(0));
  }

  @Test
  void threeGeneratesTheMultiplicativeGroup() {
    Set<Integer> powers = new HashSet<>();
    int power = 1;
    for (int i = 0; i < 255; i++) {
      powers.add(power);
      power = Gf256.mul(power, 0x03);
    }
    assertEquals(255, powers.size());
    assertTrue(!powers.contains(0));
    assertEquals(1, power, "3^255 = 1");
  }

  /** Carry-less multiplication to 15 bits, then reduction modulo 0x11B bit by bit. */
  private static int reference(int a, int b) {
    int wide = 0;
    for (int bit = 0; bit < 8; bit++) {
      if ((b >> bit & 1) != 0) {
        wide ^= a << bit;
      }
    }
    for (int bit = 14; bit >= 8; bit--) {
      if ((wide >> bit & 1) != 0) {
        wide ^= 0x11b << (bit - 8);
      }
    }
    return wide;
  }
}

package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class LagrangeTest {

  private static final BigInteger ORDER = Curve25519Group.ORDER;

  /** Naive evaluation, power by power, to cross-check Horner's rule. */
  private static BigInteger naive(BigInteger[] polynomial, int x) {
    BigInteger sum = BigInteger.ZERO;
    for (int j = 0; j < polynomial.length; j++) {
      sum = sum.add(polynomial[j].multiply(BigInteger.valueOf(x).pow(j)));
    }
    return sum.mod(ORDER);
  }

  private static BigInteger[] randomPolynomial(int degreePlusOne, SeededSecureRandom random) {
    BigInteger[] polynomial = new BigInteger[degreePlusOne];
    for (int j = 0; j < degreePlusOne; j++) {
      polynomial[j] = Curve25519Group.randomScalar(random);
    }
    return polynomial;
  }

  private static BigInteger combine(BigInteger[] polynomial, int[] indices, int at) {
    BigInteger[] lambda = Lagrange.coefficientsAt(at, indices);
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < indices.length; i++) {
      sum = sum.add(lambda[i].multiply(Lagrange.evaluate(polynomial, indices[i])));
    }
    return sum.mod(ORDER);
  }

  @Test
  void hornerMatchesNaiveEvaluation() {
    SeededSecureRandom random = new SeededSecureRandom(1);
    for (int k = 1; k <= 8; k++) {
      BigInteger[] polynomial = randomPolynomial(k, random);
      for (int x : new int[] {0, 1, 2, 7, 255}) {
        assertEquals(naive(polynomial, x), Lagrange.evaluate(polynomial, x), "k=" + k + " x=" + x);
      }
    }
  }

  @Test
  void anyKIndicesInAnyOrderRecoverTheConstantTerm() {
    SeededSecureRandom random = new SeededSecureRandom(2);
    BigInteger[] polynomial = randomPolynomial(3, random);
    for (int[] indices : new int[][] {{1, 2, 3}, {3, 1, 2}, {7, 2, 5}, {255, 1, 128}, {5, 4, 3, 2}}) {
      assertEquals(polynomial[0], combine(polynomial, indices, 0), java.util.Arrays.toString(indices));
      assertEquals(Lagrange.evaluate(polynomial, 9), combine(polynomial, indices, 9));
    }
    // Fewer than k points give a different value (with overwhelming probability).
    assertEquals(false, polynomial[0].equals(combine(polynomial, new int[] {1, 2}, 0)));
  }

  @Test
  void thresholdOneIsTheConstantPolynomial() {
    BigInteger[] constant = {BigInteger.valueOf(42)};
    assertArrayEquals(new BigInteger[] {BigInteger.ONE}, Lagrange.coefficientsAt(0, new int[] {6}));
    assertEquals(BigInteger.valueOf(42), Lagrange.evaluate(constant, 200));
    assertEquals(BigInteger.valueOf(42), combine(constant, new int[] {200}, 0));
  }

  @Test
  void thresholdEqualToTheOfficerCountUsesEveryone() {
    SeededSecureRandom random = new SeededSecureRandom(3);
    BigInteger[] polynomial = randomPolynomial(7, random);
    int[] all = {4, 7, 1, 6, 2, 5, 3};
    assertEquals(polynomial[0], combine(polynomial, all, 0));
    BigInteger[] lambda = Lagrange.coefficientsAt(0, all);
    BigInteger sum = BigInteger.ZERO;
    for (BigInteger l : lambda) {
      sum = sum.add(l);
    }
    // Σ λ_i(0) = 1: interpolating the constant polynomial 1.
    assertEquals(BigInteger.ONE, sum.mod(ORDER));
  }

  @Test
  void interpolationInTheExponentMatchesScalarInterpolation() {
    SeededSecureRandom random = new SeededSecureRandom(4);
    BigInteger[] polynomial = randomPolynomial(4, random);
    ECPoint base = Curve25519Group.base();
    int[] indices = {6, 2, 9, 4};
    List<ECPoint> points = new ArrayList<>();
    for (int index : indices) {
      points.add(Curve25519Group.multiply(base, Lagrange.evaluate(polynomial, index)));
    }
    assertEquals(Curve25519Group.multiply(base, polynomial[0]),
        Lagrange.interpolate(points, indices, 0));
    assertEquals(Curve25519Group.multiply(base, Lagrange.evaluate(polynomial, 11)),
        Lagrange.interpolate(points, indices, 11));
  }

  @Test
  void aRepeatedIndexIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Lagrange.coefficientsAt(0, new int[] {1, 2, 1}));
  }
}

package org.carechain.crypto.escrow;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Polynomials and Lagrange interpolation over Z<sub>ℓ</sub>, ℓ the order of Curve25519's
 * prime-order subgroup, for Shamir sharing of the escrow scalar. Officer indices 1..255 are the
 * x coordinates; they are nonzero and distinct mod ℓ, so every denominator is invertible.
 */
final class Lagrange {

  private static final BigInteger ORDER = Curve25519Group.ORDER;

  private Lagrange() {}

  /**
   * λ<sub>i</sub>(x) = Π<sub>m ≠ i</sub> (x − x<sub>m</sub>) / (x<sub>i</sub> − x<sub>m</sub>) mod ℓ
   * for each of the given indices, in their order: Σ λ<sub>i</sub>(x)·f(x<sub>i</sub>) = f(x) for
   * every polynomial f of degree below {@code indices.length}.
   *
   * @throws IllegalArgumentException if an index repeats
   */
  static BigInteger[] coefficientsAt(int x, int[] indices) {
    BigInteger[] coefficients = new BigInteger[indices.length];
    for (int i = 0; i < indices.length; i++) {
      BigInteger numerator = BigInteger.ONE;
      BigInteger denominator = BigInteger.ONE;
      for (int m = 0; m < indices.length; m++) {
        if (m == i) {
          continue;
        }
        if (indices[m] == indices[i]) {
          throw new IllegalArgumentException("index " + indices[i] + " repeats");
        }
        numerator = numerator.multiply(BigInteger.valueOf((long) x - indices[m])).mod(ORDER);
        denominator =
            denominator.multiply(BigInteger.valueOf((long) indices[i] - indices[m])).mod(ORDER);
      }
      coefficients[i] = numerator.multiply(denominator.modInverse(ORDER)).mod(ORDER);
    }
    return coefficients;
  }

  /** f(x) mod ℓ for f(x) = c<sub>0</sub> + c<sub>1</sub>x + ..., by Horner's rule. */
  static BigInteger evaluate(BigInteger[] polynomial, int x) {
    BigInteger value = BigInteger.ZERO;
    BigInteger point = BigInteger.valueOf(x);
    for (int j = polynomial.length - 1; j >= 0; j--) {
      value = value.multiply(point).add(polynomial[j]).mod(ORDER);
    }
    return value;
  }

  /**
   * Σ λ<sub>i</sub>(x)·P<sub>i</sub>: interpolation in the exponent. If P<sub>i</sub> =
   * f(x<sub>i</sub>)·Q for one point Q, the result is f(x)·Q; it may be the identity.
   */
  static ECPoint interpolate(List<ECPoint> points, int[] indices, int x) {
    BigInteger[] coefficients = coefficientsAt(x, indices);
    ECPoint sum = Curve25519Group.CURVE.getInfinity();
    for (int i = 0; i < indices.length; i++) {
      sum = sum.add(points.get(i).multiply(coefficients[i]));
    }
    return sum.normalize();
  }
}

package org.carechain.crypto.escrow;

/**
 * Arithmetic in GF(2<sup>8</sup>) with the AES reduction polynomial x<sup>8</sup> + x<sup>4</sup> +
 * x<sup>3</sup> + x + 1 (0x11B), on ints holding one byte each.
 *
 * <p>Multiplication is a fixed eight-step shift-and-add with masks instead of log/exp tables, so
 * its timing and memory accesses do not depend on the (secret) operands.
 */
final class Gf256 {

  /** The reduction polynomial, without the x<sup>8</sup> term that the shift pushes out. */
  private static final int REDUCTION = 0x1B;

  private Gf256() {}

  static int add(int a, int b) {
    return a ^ b;
  }

  static int mul(int a, int b) {
    int product = 0;
    for (int i = 0; i < 8; i++) {
      product ^= -(b & 1) & a;
      int highBitMask = -((a >> 7) & 1);
      a = ((a << 1) & 0xff) ^ (highBitMask & REDUCTION);
      b >>= 1;
    }
    return product;
  }

  /**
   * The multiplicative inverse, as a<sup>254</sup> (the group of nonzero elements has order 255).
   *
   * @throws ArithmeticException if {@code a} is zero
   */
  static int inverse(int a) {
    if (a == 0) {
      throw new ArithmeticException("zero has no inverse in GF(2^8)");
    }
    int result = 1;
    int power = a;
    for (int exponent = 254; exponent > 0; exponent >>= 1) {
      if ((exponent & 1) != 0) {
        result = mul(result, power);
      }
      power = mul(power, power);
    }
    return result;
  }

  static int div(int a, int b) {
    return mul(a, inverse(b));
  }
}

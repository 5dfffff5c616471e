package org.carechain.ledger.core.significance;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Fixed-point significance in units of 10<sup>-9</sup>, and the single rounding rule of the ledger.
 *
 * <p>Everything is computed exactly as {@link Rational}; this class is the only place that turns an
 * exact value into a {@code long}. Rounding anywhere else (per record, per group) would make the
 * result depend on how the sum was split, which differs between the incremental engine and a
 * from-scratch recomputation.
 */
public final class NanoUnits {

  /** Nano units in one unit of significance. */
  public static final long PER_UNIT = 1_000_000_000L;

  private static final BigInteger PER_UNIT_BIG = BigInteger.valueOf(PER_UNIT);

  private NanoUnits() {}

  /**
   * The rounding rule: ⌊value · 10<sup>9</sup>⌋, the largest whole number of nano units not above
   * the exact value.
   *
   * @throws ArithmeticException if the result does not fit in a {@code long}
   */
  public static long floor(Rational value) {
    Objects.requireNonNull(value, "value");
    BigInteger[] quotientAndRemainder =
        value.numerator().multiply(PER_UNIT_BIG).divideAndRemainder(value.denominator());
    BigInteger quotient = quotientAndRemainder[0];
    // BigInteger.divide truncates toward zero; the denominator is positive, so a negative remainder
    // means the quotient was rounded up.
    if (quotientAndRemainder[1].signum() < 0) {
      quotient = quotient.subtract(BigInteger.ONE);
    }
    if (quotient.bitLength() > 63) {
      throw new ArithmeticException(
          "significance " + value + " does not fit in int64 nano units");
    }
    return quotient.longValue();
  }

  /** The exact value of {@code nano} nano units. */
  public static Rational toRational(long nano) {
    return Rational.of(nano, PER_UNIT);
  }
}

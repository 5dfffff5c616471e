package org.carechain.ledger.core.significance;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact fraction, always in lowest terms with a positive denominator, so that equal values have
 * equal representations and {@link #equals} is value equality.
 *
 * <p>Significance is a sum of terms like 1/(Ω·n); any binary or decimal approximation would make
 * the sum depend on the order of addition, and validators add in different orders.
 */
public final class Rational implements Comparable<Rational> {

  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  private final BigInteger numerator;
  private final BigInteger denominator;

  private Rational(BigInteger numerator, BigInteger denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /**
   * numerator / denominator, reduced.
   *
   * @throws ArithmeticException if {@code denominator} is zero
   */
  public static Rational of(BigInteger numerator, BigInteger denominator) {
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    if (denominator.signum() == 0) {
      throw new ArithmeticException("denominator is zero");
    }
    if (numerator.signum() == 0) {
      return ZERO;
    }
    if (denominator.signum() < 0) {
      numerator = numerator.negate();
      denominator = denominator.negate();
    }
    BigInteger gcd = numerator.gcd(denominator);
    if (!gcd.equals(BigInteger.ONE)) {
      numerator = numerator.divide(gcd);
      denominator = denominator.divide(gcd);
    }
    return new Rational(numerator, denominator);
  }

  /** numerator / denominator, reduced. */
  public static Rational of(long numerator, long denominator) {
    return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  public static Rational of(long integer) {
    return of(BigInteger.valueOf(integer), BigInteger.ONE);
  }

  /**
   * Parses the form {@link #toString} writes: {@code "n"} or {@code "n/d"}, so exact values can be
   * stored as text and read back.
   *
   * @throws IllegalArgumentException if {@code text} is not an integer or a fraction of integers
   */
  public static Rational parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    try {
      if (slash < 0) {
        return of(new BigInteger(text), BigInteger.ONE);
      }
      return of(new BigInteger(text.substring(0, slash)), new BigInteger(text.substring(slash + 1)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a rational number: \"" + text + "\"", e);
    }
  }

  public BigInteger numerator() {
    return numerator;
  }

  /** Always positive. */
  public BigInteger denominator() {
    return denominator;
  }

  public int signum() {
    return numerator.signum();
  }

  public Rational plus(Rational other) {
    if (other.numerator.signum() == 0) {
      return this;
    }
    if (numerator.signum() == 0) {
      return other;
    }
    if (denominator.equals(other.denominator)) {
      return of(numerator.add(other.numerator), denominator);
    }
    return of(
        numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
        denominator.multiply(other.denominator));
  }

  public Rational minus(Rational other) {
    return plus(other.negate());
  }

  public Rational negate() {
    return numerator.signum() == 0 ? this : new Rational(numerator.negate(), denominator);
  }

  public Rational times(Rational other) {
    return of(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
  }

  /**
   * This value divided by {@code divisor}.
   *
   * @throws ArithmeticException if {@code divisor} is zero
   */
  public Rational dividedBy(long divisor) {
    return of(numerator, denominator.multiply(BigInteger.valueOf(divisor)));
  }

  @Override
  public int compareTo(Rational other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rational that
        && numerator.equals(that.numerator)
        && denominator.equals(that.denominator);
  }

  @Override
  public int hashCode() {
    return 31 * numerator.hashCode() + denominator.hashCode();
  }

  /** {@code "n"} for an integer, else {@code "n/d"} in lowest terms. */
  @Override
  public String toString() {
    return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
  }
}

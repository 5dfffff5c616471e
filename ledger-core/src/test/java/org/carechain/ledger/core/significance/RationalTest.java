package org.carechain.ledger.core.significance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RationalTest {

  @Test
  void isAlwaysInLowestTermsWithAPositiveDenominator() {
    Rational value = Rational.of(6, -8);
    assertEquals(BigInteger.valueOf(-3), value.numerator());
    assertEquals(BigInteger.valueOf(4), value.denominator());
    assertEquals(Rational.of(-3, 4), value);
    assertEquals(Rational.of(-3, 4).hashCode(), value.hashCode());
    assertEquals(Rational.ZERO, Rational.of(0, -5));
  }

  @Test
  void arithmeticIsExact() {
    assertEquals(Rational.ONE, Rational.of(1, 3).plus(Rational.of(2, 3)));
    assertEquals(Rational.of(1, 6), Rational.of(1, 2).minus(Rational.of(1, 3)));
    assertEquals(Rational.of(1, 12), Rational.of(1, 3).dividedBy(4));
    assertEquals(Rational.of(3, 8), Rational.of(3, 4).times(Rational.of(1, 2)));
    // Ten tenths are one, which binary floating point cannot say.
    Rational sum = Rational.ZERO;
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(Rational.of(1, 10));
    }
    assertEquals(Rational.ONE, sum);
  }

  @Test
  void ordersByValue() {
    assertTrue(Rational.of(1, 3).compareTo(Rational.of(1, 2)) < 0);
    assertTrue(Rational.of(-1, 2).compareTo(Rational.of(-1, 3)) < 0);
    assertEquals(0, Rational.of(2, 4).compareTo(Rational.of(1, 2)));
  }

  @Test
  void roundTripsThroughText() {
    for (Rational value : new Rational[] {Rational.ZERO, Rational.of(7), Rational.of(-22, 7)}) {
      assertEquals(value, Rational.parse(value.toString()));
    }
    assertEquals("-22/7", Rational.of(44, -14).toString());
    assertEquals(Rational.of(1, 2), Rational.parse("2/4"));
    assertThrows(IllegalArgumentException.class, () -> Rational.parse("1/0"));
    assertThrows(IllegalArgumentException.class, () -> Rational.parse("0.5"));
  }

  @Test
  void zeroDenominatorIsAnError() {
    assertThrows(ArithmeticException.class, () -> Rational.of(1, 0));
    assertThrows(ArithmeticException.class, () -> Rational.ONE.dividedBy(0));
  }
}

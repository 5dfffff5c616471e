package org.carechain.ledger.core.significance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NanoUnitsTest {

  @Test
  void floorsTowardMinusInfinity() {
    assertEquals(333_333_333L, NanoUnits.floor(Rational.of(1, 3)));
    assertEquals(666_666_666L, NanoUnits.floor(Rational.of(2, 3)));
    assertEquals(1_000_000_000L, NanoUnits.floor(Rational.ONE));
    assertEquals(0L, NanoUnits.floor(Rational.of(1, 2_000_000_000L)));
    assertEquals(-333_333_334L, NanoUnits.floor(Rational.of(-1, 3)));
  }

  @Test
  void exactNanoValuesRoundTrip() {
    for (long nano : new long[] {0, 1, 999_999_999, 1_750_000_000L, Long.MAX_VALUE}) {
      assertEquals(nano, NanoUnits.floor(NanoUnits.toRational(nano)));
    }
  }

  @Test
  void valuesBeyondInt64AreAnError() {
    Rational tooBig =
        Rational.of(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BigInteger.valueOf(NanoUnits.PER_UNIT));
    assertThrows(ArithmeticException.class, () -> NanoUnits.floor(tooBig));
  }
}

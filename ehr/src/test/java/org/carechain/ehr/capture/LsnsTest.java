package org.carechain.ehr.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.replication.LogSequenceNumber;

class LsnsTest {

  @Test
  void knownValues() {
    assertEquals(0x16B3748L, Lsns.parse("0/16B3748"));
    assertEquals("0/16B3748", Lsns.format(0x16B3748L));
    assertEquals((0x16L << 32) | 0xB374D848L, Lsns.parse("16/b374d848"));
    assertEquals("16/B374D848", Lsns.format((0x16L << 32) | 0xB374D848L));
    assertEquals("0/0", Lsns.format(0));
    assertEquals("FFFFFFFF/FFFFFFFF", Lsns.format(-1L));
    assertEquals(-1L, Lsns.parse("FFFFFFFF/FFFFFFFF"));
  }

  @Test
  void agreesWithPgjdbcBothWays() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 10_000; i++) {
      long lsn = i % 2 == 0 ? random.nextLong() : random.nextLong(1L << 40);
      String text = Lsns.format(lsn);
      assertEquals(LogSequenceNumber.valueOf(lsn).asString(), text, "seed " + seed);
      assertEquals(lsn, Lsns.parse(text), "seed " + seed);
      assertEquals(LogSequenceNumber.valueOf(text).asLong(), Lsns.parse(text), "seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "/1", "1/", "0/16B3748/1", "G/1", "0/123456789", "-1/0", " 0/1", "0x1/2"})
  void rejectsWhatIsNotAnLsn(String text) {
    assertThrows(IllegalArgumentException.class, () -> Lsns.parse(text));
  }

  @Test
  void rejectsNull() {
    assertThrows(IllegalArgumentException.class, () -> Lsns.parse(null));
  }
}

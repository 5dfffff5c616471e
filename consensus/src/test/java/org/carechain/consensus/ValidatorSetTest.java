package org.carechain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidatorSetTest {

  @Test
  void thresholdsAre2fPlus1AndFPlus1WhenNIs3fPlus1() {
    for (int f = 0; f <= 5; f++) {
      ValidatorSet set = ofSize(3 * f + 1);
      assertEquals(f, set.maxFaulty());
      assertEquals(2 * f + 1, set.quorum());
      assertEquals(f + 1, set.weakQuorum());
    }
  }

  @Test
  void forEveryNTwoQuorumsShareACorrectValidatorAndCorrectValidatorsAloneFormAQuorum() {
    for (int n = 1; n <= 30; n++) {
      ValidatorSet set = ofSize(n);
      int f = set.maxFaulty();
      assertTrue(2 * set.quorum() - n >= f + 1, "quorum intersection at n=" + n);
      assertTrue(set.quorum() <= n - f, "liveness at n=" + n);
      assertTrue(set.weakQuorum() >= f + 1, "a weak quorum holds a correct validator at n=" + n);
      assertTrue(3 * set.quorum() > 2 * n && 3 * (set.quorum() - 1) <= 2 * n, "more than 2/3 at n=" + n);
    }
  }

  @Test
  void sixValidatorsNeedFiveNotThree() {
    assertEquals(5, ofSize(6).quorum());
  }

  @Test
  void emptyOrRepeatedSetsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of("a", "b", "a")));
  }

  private static ValidatorSet ofSize(int n) {
    return ValidatorSet.of(IntStream.range(0, n).mapToObj(i -> "v" + i).toList());
  }
}

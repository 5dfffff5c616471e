package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.carechain.crypto.testing.ScriptedSecureRandom;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link Shamir} on seeded random splits. Each case is named by its seed; to replay a
 * failure, put the seed in {@link #replay}.
 */
class ShamirPropertyTest {

  private static final int RANDOM_CASES = 200;

  /** Seeds to run in addition to the generated ones, e.g. one copied from a failure. */
  private static final long[] replay = {};

  static LongStream seeds() {
    SplittableRandom master = new SplittableRandom(0x5EC2E7L);
    return LongStream.concat(
        LongStream.generate(master::nextLong).limit(RANDOM_CASES), LongStream.of(replay));
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void anyThresholdOrMoreSharesRecoverTheSecretAndFewerAreRefused(long seed)
      throws InvalidSharesException {
    SplittableRandom random = new SplittableRandom(seed);
    int shareCount = random.nextInt(2, random.nextBoolean() ? 12 : 256);
    int threshold = random.nextInt(2, shareCount + 1);
    byte[] secret = randomBytes(random, random.nextInt(1, Shamir.MAX_SECRET_SIZE + 1));
    String context = "seed=" + seed + " k=" + threshold + " n=" + shareCount + " length=" + secret.length;

    List<Share> shares = Shamir.split(secret, threshold, shareCount, new SeededSecureRandom(seed));
    assertEquals(shareCount, shares.size(), context);

    for (int trial = 0; trial < 4; trial++) {
      int size = trial == 0 ? threshold : random.nextInt(threshold, shareCount + 1);
      List<Share> subset = randomSubset(shares, size, random);
      assertArrayEquals(secret, Shamir.combine(subset), context + " subset " + xs(subset));
    }
    List<Share> tooFew = randomSubset(shares, threshold - 1, random);
    assertThrows(InvalidSharesException.class, () -> Shamir.combine(tooFew), context);
  }

  /**
   * Perfect secrecy by construction: fix k-1 shares of a 1-byte secret. For every one of the 256
   * candidate secrets s, the points (0, s) plus the k-1 shares determine a polynomial of degree
   * below k, and splitting s with that polynomial's coefficients as the randomness reproduces the
   * very same k-1 shares. So the shares are equally consistent with every secret.
   */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void fewerThanThresholdSharesAreConsistentWithEverySecret(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int shareCount = random.nextInt(2, random.nextBoolean() ? 12 : 256);
    int threshold = random.nextInt(2, Math.min(shareCount, 12) + 1);
    byte[] secret = randomBytes(random, 1);
    List<Share> shares = Shamir.split(secret, threshold, shareCount, new SeededSecureRandom(seed));
    List<Share> known = randomSubset(shares, threshold - 1, random);
    String context = "seed=" + seed + " k=" + threshold + " n=" + shareCount + " known " + xs(known);

    for (int candidate = 0; candidate < 256; candidate++) {
      List<Share> points = new ArrayList<>(known);
      int[] coefficients = coefficientsThrough(candidate, points);
      assertEquals(candidate, coefficients[0], context);
      byte[] script = new byte[threshold - 1];
      for (int j = 1; j < threshold; j++) {
        script[j - 1] = (byte) coefficients[j];
      }
      ScriptedSecureRandom randomness = new ScriptedSecureRandom(script);
      List<Share> rebuilt =
          Shamir.split(new byte[] {(byte) candidate}, threshold, shareCount, randomness);
      assertTrue(randomness.exhausted(), context);
      for (Share share : known) {
        assertEquals(share, rebuilt.get(share.x() - 1),
            context + ": secret " + candidate + " is not consistent with share x=" + share.x());
      }
    }
  }

  /**
   * The count behind perfect secrecy, exhaustively for k = 2 and k = 3: for fixed k-1 shares, each
   * candidate secret is matched by exactly one choice of the k-1 random coefficients, so every
   * secret is equally likely given the shares.
   */
  @Test
  void everySecretIsMatchedByExactlyOnePolynomial() {
    int[] ysK2 = {0x9e};
    int[] ysK3 = {0x42, 0xe7};
    int[] counts2 = new int[256];
    int[] counts3 = new int[256];
    for (int s = 0; s < 256; s++) {
      for (int a1 = 0; a1 < 256; a1++) {
        if (eval(new int[] {s, a1}, 5) == ysK2[0]) {
          counts2[s]++;
        }
        for (int a2 = 0; a2 < 256; a2++) {
          int[] f = {s, a1, a2};
          if (eval(f, 3) == ysK3[0] && eval(f, 200) == ysK3[1]) {
            counts3[s]++;
          }
        }
      }
    }
    for (int s = 0; s < 256; s++) {
      assertEquals(1, counts2[s], "k=2, secret " + s);
      assertEquals(1, counts3[s], "k=3, secret " + s);
    }
  }

  /**
   * Interpolating k-1 shares as if they were enough gives s + a<sub>k-1</sub> * prod(x), which is
   * uniform: over many splits it matches the secret byte about 1 time in 256, no more.
   */
  @Test
  void combiningTooFewSharesDoesNotYieldTheSecret() {
    long seed = 0xBADC0DEL;
    SplittableRandom random = new SplittableRandom(seed);
    long bytes = 0;
    long matches = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int shareCount = random.nextInt(3, 20);
      int threshold = random.nextInt(3, shareCount + 1);
      byte[] secret = randomBytes(random, random.nextInt(8, Shamir.MAX_SECRET_SIZE + 1));
      List<Share> shares =
          Shamir.split(secret, threshold, shareCount, new SeededSecureRandom(random.nextLong()));
      byte[] guess = Shamir.interpolate(randomSubset(shares, threshold - 1, random), 0);
      assertFalse(Arrays.equals(secret, guess), "seed=" + seed + " trial " + trial + " recovered the secret");
      for (int i = 0; i < secret.length; i++) {
        bytes++;
        if (guess[i] == secret[i]) {
          matches++;
        }
      }
    }
    double expected = bytes / 256.0;
    double sigma = Math.sqrt(bytes * (1 / 256.0) * (255 / 256.0));
    assertTrue(Math.abs(matches - expected) < 6 * sigma, "seed=" + seed + ": " + matches
        + " of " + bytes + " bytes matched, expected about " + Math.round(expected));
  }

  /** Coefficients (constant first) of the polynomial of degree below k through (0, s) and the shares. */
  private static int[] coefficientsThrough(int secret, List<Share> shares) {
    int[] xs = new int[shares.size() + 1];
    int[] ys = new int[shares.size() + 1];
    ys[0] = secret;
    for (int j = 0; j < shares.size(); j++) {
      xs[j + 1] = shares.get(j).x();
      ys[j + 1] = shares.get(j).valueAt(0);
    }
    int degreeBound = xs.length;
    int[] result = new int[degreeBound];
    for (int j = 0; j < degreeBound; j++) {
      // basis_j(x) = prod over m != j of (x - x_m) / (x_j - x_m); subtraction is XOR here.
      int[] basis = {1};
      int denominator = 1;
      for (int m = 0; m < degreeBound; m++) {
        if (m != j) {
          basis = multiplyByLinear(basis, xs[m]);
          denominator = Gf256.mul(denominator, xs[j] ^ xs[m]);
        }
      }
      int scale = Gf256.div(ys[j], denominator);
      for (int d = 0; d < degreeBound; d++) {
        result[d] ^= Gf256.mul(scale, basis[d]);
      }
    }
    for (int j = 0; j < degreeBound; j++) {
      assertEquals(ys[j], eval(result, xs[j]), "constructed polynomial misses point " + j);
    }
    return result;
  }

  /** p(x) * (x + root), coefficients constant first. */
  private static int[] multiplyByLinear(int[] p, int root) {
    int[] product = new int[p.length + 1];
    for (int d = 0; d < p.length; d++) {
      product[d + 1] ^= p[d];
      product[d] ^= Gf256.mul(p[d], root);
    }
    return product;
  }

  private static int eval(int[] coefficients, int x) {
    int y = 0;
    for (int d = coefficients.length - 1; d >= 0; d--) {
      y = Gf256.mul(y, x) ^ coefficients[d];
    }
    return y;
  }

  private static List<Share> randomSubset(List<Share> shares, int size, SplittableRandom random) {
    List<Share> shuffled = new ArrayList<>(shares);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      Collections.swap(shuffled, i, random.nextInt(i + 1));
    }
    return shuffled.subList(0, size);
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String xs(List<Share> shares) {
    return shares.stream().map(s -> String.valueOf(s.x())).toList().toString();
  }
}

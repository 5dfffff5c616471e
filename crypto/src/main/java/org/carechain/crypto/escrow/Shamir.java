package org.carechain.crypto.escrow;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Shamir's k-of-n secret sharing over GF(2<sup>8</sup>) (AES field), byte by byte.
 *
 * <p>For each secret byte s<sub>i</sub> a polynomial f<sub>i</sub>(x) = s<sub>i</sub> +
 * a<sub>i,1</sub>x + ... + a<sub>i,k-1</sub>x<sup>k-1</sup> is drawn with uniformly random
 * coefficients, and share j (x = j, 1..n) holds f<sub>i</sub>(j) for every i. Any k distinct
 * shares determine each f<sub>i</sub> and so the secret, by Lagrange interpolation at 0. Any k-1
 * shares are consistent with every possible secret, each by exactly one polynomial, so they reveal
 * nothing about it (perfect secrecy), whatever the attacker's computing power.
 *
 * <p>Shares carry no integrity protection: a corrupted share recombines to a wrong secret. When more
 * than k shares are given, {@link #combine} checks that they all lie on the same polynomials; with
 * exactly k it cannot tell. Callers that know what the secret must match (such as
 * {@link EscrowKeyPair#fromShares}) check that too.
 */
public final class Shamir {

  /** Longest secret, in bytes. */
  public static final int MAX_SECRET_SIZE = 64;

  /** Smallest threshold; a threshold of 1 would hand the secret to every holder. */
  public static final int MIN_THRESHOLD = 2;

  /** Most shares: x runs over the nonzero field elements. */
  public static final int MAX_SHARES = 255;

  private Shamir() {}

  /**
   * Splits {@code secret} into {@code shareCount} shares, any {@code threshold} of which recombine
   * it. The polynomial coefficients are read from {@code random} in one call of
   * {@code (threshold - 1) * secret.length} bytes: coefficient a<sub>i,j</sub> (j = 1..k-1) of
   * secret byte i is at index {@code (j - 1) * secret.length + i}.
   *
   * @return the shares for x = 1..shareCount, in that order
   * @throws IllegalArgumentException unless 1 ≤ secret length ≤ 64 and 2 ≤ threshold ≤ shareCount ≤
   *     255
   */
  public static List<Share> split(
      byte[] secret, int threshold, int shareCount, SecureRandom random) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(random, "random");
    if (secret.length < 1 || secret.length > MAX_SECRET_SIZE) {
      throw new IllegalArgumentException(
          "a secret to split is 1.." + MAX_SECRET_SIZE + " bytes, got " + secret.length);
    }
    if (threshold < MIN_THRESHOLD || threshold > shareCount || shareCount > MAX_SHARES) {
      throw new IllegalArgumentException("need " + MIN_THRESHOLD + " <= threshold <= shareCount <= "
          + MAX_SHARES + ", got threshold " + threshold + " and shareCount " + shareCount);
    }
    int length = secret.length;
    byte[] coefficients = new byte[(threshold - 1) * length];
    random.nextBytes(coefficients);
    try {
      List<Share> shares = new ArrayList<>(shareCount);
      byte[] value = new byte[length];
      for (int x = 1; x <= shareCount; x++) {
        for (int i = 0; i < length; i++) {
          // Horner's rule from the highest coefficient down to the secret byte.
          int y = 0;
          for (int j = threshold - 1; j >= 1; j--) {
            y = Gf256.add(Gf256.mul(y, x), coefficients[(j - 1) * length + i] & 0xff);
          }
          value[i] = (byte) Gf256.add(Gf256.mul(y, x), secret[i] & 0xff);
        }
        shares.add(Share.create(x, threshold, value));
      }
      Arrays.fill(value, (byte) 0);
      return List.copyOf(shares);
    } finally {
      Arrays.fill(coefficients, (byte) 0);
    }
  }

  /**
   * Recombines the secret from at least {@code threshold} distinct shares of one split. When more
   * are given, the secret is interpolated from the first {@code threshold} and every other share is
   * checked to lie on the same polynomials.
   *
   * @throws InvalidSharesException if there are fewer shares than their threshold, two share an x,
   *     the shares disagree on threshold or length, or the extra shares are inconsistent
   */
  public static byte[] combine(Collection<Share> shares) throws InvalidSharesException {
    Objects.requireNonNull(shares, "shares");
    List<Share> list = List.copyOf(shares);
    if (list.isEmpty()) {
      throw new InvalidSharesException("no shares to combine");
    }
    Share first = list.get(0);
    boolean[] seen = new boolean[MAX_SHARES + 1];
    for (Share share : list) {
      if (share.threshold() != first.threshold()) {
        throw new InvalidSharesException("shares x=" + first.x() + " and x=" + share.x()
            + " have different thresholds (" + first.threshold() + " and " + share.threshold()
            + "), so they are not from one split");
      }
      if (share.length() != first.length()) {
        throw new InvalidSharesException("shares x=" + first.x() + " and x=" + share.x()
            + " have different lengths (" + first.length() + " and " + share.length()
            + " bytes), so they are not from one split");
      }
      if (seen[share.x()]) {
        throw new InvalidSharesException("share x=" + share.x() + " is given twice");
      }
      seen[share.x()] = true;
    }
    if (list.size() < first.threshold()) {
      throw new InvalidSharesException("the threshold is " + first.threshold() + " shares, got only "
          + list.size());
    }
    List<Share> basis = list.subList(0, first.threshold());
    for (Share extra : list.subList(first.threshold(), list.size())) {
      byte[] expected = interpolate(basis, extra.x());
      boolean consistent = Arrays.equals(expected, extra.value());
      Arrays.fill(expected, (byte) 0);
      if (!consistent) {
        throw new InvalidSharesException("share x=" + extra.x()
            + " does not lie on the polynomial of the other shares: one of them is corrupted or from"
            + " another split");
      }
    }
    return interpolate(basis, 0);
  }

  /**
   * Evaluates at {@code atX} the polynomials of degree &lt; {@code points.size()} through the given
   * shares, without checking thresholds: {@code atX = 0} gives the secret when the points are
   * enough. The x coordinates must be distinct.
   */
  static byte[] interpolate(List<Share> points, int atX) {
    int count = points.size();
    int[] lagrange = new int[count];
    for (int j = 0; j < count; j++) {
      int numerator = 1;
      int denominator = 1;
      int xj = points.get(j).x();
      for (int m = 0; m < count; m++) {
        if (m != j) {
          int xm = points.get(m).x();
          numerator = Gf256.mul(numerator, Gf256.add(atX, xm));
          denominator = Gf256.mul(denominator, Gf256.add(xj, xm));
        }
      }
      lagrange[j] = Gf256.div(numerator, denominator);
    }
    int length = points.get(0).length();
    byte[] result = new byte[length];
    for (int i = 0; i < length; i++) {
      int y = 0;
      for (int j = 0; j < count; j++) {
        y = Gf256.add(y, Gf256.mul(lagrange[j], points.get(j).valueAt(i)));
      }
      result[i] = (byte) y;
    }
    return result;
  }
}

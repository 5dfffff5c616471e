package org.carechain.crypto.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 section 2.1 transcribed literally, as the oracle for the fast implementation.
 *
 * <p>It works on the leaf data and JDK SHA-256 only, shares no code with the main sources, and
 * recomputes every subtree from the leaves: O(n) per call, so tests sample their inputs.
 */
final class ReferenceMerkle {

  private ReferenceMerkle() {}

  /** MTH(D[n]). */
  static byte[] mth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return sha256(new byte[0]);
    }
    if (n == 1) {
      return sha256(new byte[] {0x00}, d.get(0));
    }
    int k = largestPowerOfTwoLessThan(n);
    return sha256(new byte[] {0x01}, mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  /** PATH(m, D[n]). */
  static List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoLessThan(n);
    List<byte[]> result;
    if (m < k) {
      result = path(m, d.subList(0, k));
      result.add(mth(d.subList(k, n)));
    } else {
      result = path(m - k, d.subList(k, n));
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  /** PROOF(m, D[n]). */
  static List<byte[]> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  /** SUBPROOF(m, D[n], b). */
  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    if (m == n) {
      List<byte[]> result = new ArrayList<>();
      if (!b) {
        result.add(mth(d));
      }
      return result;
    }
    int k = largestPowerOfTwoLessThan(n);
    List<byte[]> result;
    if (m <= k) {
      result = subproof(m, d.subList(0, k), b);
      result.add(mth(d.subList(k, n)));
    } else {
      result = subproof(m - k, d.subList(k, n), false);
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  /** "k is the largest power of two smaller than n (i.e., k < n <= 2k)". */
  private static int largestPowerOfTwoLessThan(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

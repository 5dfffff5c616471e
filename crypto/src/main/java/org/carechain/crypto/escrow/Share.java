package org.carechain.crypto.escrow;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * One share of a secret split by {@link Shamir}: the point (x, f(x)) of a random polynomial per
 * secret byte, with the threshold k needed to recombine.
 *
 * <p>A share is secret material for its holder (a CA officer): {@link #toString()} shows only x,
 * the threshold and the length. Encoded form ({@link #toByteArray()}):
 *
 * <pre>
 *   offset  length  field
 *   0       1       version, {@value #VERSION}
 *   1       1       threshold k, 2..255
 *   2       1       x, 1..255
 *   3       n       value: f(x) for each of the n secret bytes, 1..64 bytes
 * </pre>
 */
public final class Share {

  /** The only encoding version defined. */
  public static final byte VERSION = 0x01;

  private static final int HEADER_SIZE = 3;

  private final int x;
  private final int threshold;
  private final byte[] value;

  private Share(int x, int threshold, byte[] value) {
    this.x = x;
    this.threshold = threshold;
    this.value = value;
  }

  /**
   * A share with a copy of {@code value}.
   *
   * @throws IllegalArgumentException if x is not in 1..255, the threshold not in 2..255, or the
   *     value not 1..{@value Shamir#MAX_SECRET_SIZE} bytes
   */
  public static Share create(int x, int threshold, byte[] value) {
    Objects.requireNonNull(value, "value");
    String problem = problem(x, threshold, value.length);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new Share(x, threshold, value.clone());
  }

  /**
   * Reads the encoding written by {@link #toByteArray()}.
   *
   * @throws InvalidSharesException if the encoding is malformed
   */
  public static Share parse(byte[] encoded) throws InvalidSharesException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length < HEADER_SIZE + 1) {
      throw new InvalidSharesException(
          "an encoded share is at least " + (HEADER_SIZE + 1) + " bytes, got " + encoded.length);
    }
    if (encoded[0] != VERSION) {
      throw new InvalidSharesException(
          "unknown share encoding version " + (encoded[0] & 0xff) + ", expected " + VERSION);
    }
    int threshold = encoded[1] & 0xff;
    int x = encoded[2] & 0xff;
    String problem = problem(x, threshold, encoded.length - HEADER_SIZE);
    if (problem != null) {
      throw new InvalidSharesException(problem);
    }
    return new Share(x, threshold, Arrays.copyOfRange(encoded, HEADER_SIZE, encoded.length));
  }

  private static String problem(int x, int threshold, int length) {
    if (x < 1 || x > Shamir.MAX_SHARES) {
      return "a share's x is 1.." + Shamir.MAX_SHARES + ", got " + x;
    }
    if (threshold < Shamir.MIN_THRESHOLD || threshold > Shamir.MAX_SHARES) {
      return "a share's threshold is " + Shamir.MIN_THRESHOLD + ".." + Shamir.MAX_SHARES
          + ", got " + threshold;
    }
    if (length < 1 || length > Shamir.MAX_SECRET_SIZE) {
      return "a share's value is 1.." + Shamir.MAX_SECRET_SIZE + " bytes, got " + length;
    }
    return null;
  }

  /** The x coordinate, 1..255, which also identifies the share among its siblings. */
  public int x() {
    return x;
  }

  /** How many distinct shares recombine the secret. */
  public int threshold() {
    return threshold;
  }

  /** Length of the shared secret in bytes. */
  public int length() {
    return value.length;
  }

  /** A copy of f(x) for each secret byte. */
  public byte[] value() {
    return value.clone();
  }

  int valueAt(int index) {
    return value[index] & 0xff;
  }

  public byte[] toByteArray() {
    byte[] encoded = new byte[HEADER_SIZE + value.length];
    encoded[0] = VERSION;
    encoded[1] = (byte) threshold;
    encoded[2] = (byte) x;
    System.arraycopy(value, 0, encoded, HEADER_SIZE, value.length);
    return encoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Share that
        && x == that.x
        && threshold == that.threshold
        && MessageDigest.isEqual(value, that.value);
  }

  @Override
  public int hashCode() {
    // From the public fields only, so the hash code reveals nothing about the value.
    return 31 * x + threshold;
  }

  @Override
  public String toString() {
    return "Share{x=" + x + ", threshold=" + threshold + ", length=" + value.length + "}";
  }
}

package org.carechain.consensus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The bytes of a signature as a value: arrays compare by reference, so messages that carry one
 * would otherwise never be equal.
 */
public final class Signature {

  /** Generous for Ed25519 (64 bytes); it bounds what a peer can make us store. */
  public static final int MAX_SIZE = 256;

  private final byte[] bytes;

  private Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException if longer than {@value #MAX_SIZE} bytes
   */
  public static Signature of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_SIZE) {
      throw new IllegalArgumentException("a signature is at most " + MAX_SIZE + " bytes");
    }
    return new Signature(bytes.clone());
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Signature that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(bytes);
    return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
  }
}

package org.carechain.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte SHA-256 digest as an immutable value.
 *
 * <p>Arrays compare by reference, so every hash in CareChain travels as this type instead of a raw
 * {@code byte[]}. The bytes are copied on the way in and on the way out.
 */
public final class Hash implements Comparable<Hash> {

  /** Length of a hash in bytes. */
  public static final int SIZE = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not exactly {@value #SIZE} bytes long
   */
  public static Hash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a hash is " + SIZE + " bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /**
   * Wraps a copy of the {@value #SIZE} bytes of {@code source} starting at {@code offset}.
   *
   * @throws IndexOutOfBoundsException if fewer than {@value #SIZE} bytes follow {@code offset}
   */
  public static Hash of(byte[] source, int offset) {
    Objects.checkFromIndexSize(offset, SIZE, source.length);
    return new Hash(Arrays.copyOfRange(source, offset, offset + SIZE));
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
   */
  public static Hash fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException(
          "a hash is " + 2 * SIZE + " hex digits, got " + hex.length());
    }
    return new Hash(HEX.parseHex(hex));
  }

  /**
   * SHA-256 of the concatenation of {@code parts}.
   *
   * <p>Concatenation is ambiguous ({@code "ab","c"} and {@code "a","bc"} hash alike); to hash a
   * structured value use {@link CanonicalEncoder}.
   */
  public static Hash sha256(byte[]... parts) {
    MessageDigest digest = Sha256.newDigest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return new Hash(digest.digest());
  }

  /**
   * Takes ownership of a digest output without copying it. Only for arrays nobody else holds.
   */
  static Hash wrapDigestOutput(byte[] digestOutput) {
    return new Hash(digestOutput);
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code destination} at {@code offset}. */
  public void copyTo(byte[] destination, int offset) {
    System.arraycopy(bytes, 0, destination, offset, SIZE);
  }

  /** Feeds the 32 bytes into {@code digest}; lets hot loops hash without copying. */
  public void updateDigest(MessageDigest digest) {
    digest.update(bytes);
  }

  /** Whether {@code candidate} holds exactly these 32 bytes; lets hot loops compare without wrapping. */
  public boolean contentEquals(byte[] candidate) {
    return Arrays.equals(bytes, candidate);
  }

  /** Lowercase hex, 64 digits. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes are a digest, so any four of them are already uniformly distributed.
    return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
  }

  /** Unsigned lexicographic order of the bytes. */
  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}

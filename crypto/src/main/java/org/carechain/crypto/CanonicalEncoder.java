package org.carechain.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes a structured value as one deterministic byte string, for hashing and signing.
 *
 * <p>Layout: the domain tag first, then each field in the order written, with nothing between
 * fields.
 *
 * <table>
 *   <caption>Field encodings</caption>
 *   <tr><th>call</th><th>bytes</th></tr>
 *   <tr><td>{@link #forDomain} (the tag)</td><td>as {@link #writeString}</td></tr>
 *   <tr><td>{@link #writeByte}</td><td>1 byte</td></tr>
 *   <tr><td>{@link #writeBoolean}</td><td>1 byte: 0x00 false, 0x01 true</td></tr>
 *   <tr><td>{@link #writeInt32}</td><td>4 bytes, big-endian two's complement</td></tr>
 *   <tr><td>{@link #writeInt64}</td><td>8 bytes, big-endian two's complement</td></tr>
 *   <tr><td>{@link #writeBytes}</td><td>length as 4-byte big-endian unsigned, then the bytes</td></tr>
 *   <tr><td>{@link #writeString}</td><td>UTF-8 bytes, framed as {@link #writeBytes}</td></tr>
 *   <tr><td>{@link #writeHash}</td><td>the 32 bytes, no length (the width is fixed)</td></tr>
 *   <tr><td>{@link #writeOptionalHash}</td><td>0x00 for none, or 0x01 then the 32 bytes</td></tr>
 *   <tr><td>{@link #writeCount}</td><td>as {@link #writeInt32}, must be &ge; 0</td></tr>
 * </table>
 *
 * <p>Why this is unambiguous: each field is either fixed-width or carries its own length, so a
 * reader that knows the field sequence can split the bytes in exactly one way. The domain tag names
 * that field sequence, so two kinds of value can never produce the same bytes, even when their
 * fields happen to line up. A tag must therefore name one fixed schema and carry a version, for
 * example {@code "carechain/consensus/vote/v1"}; changing the fields means a new tag.
 *
 * <p>Instances are single-use builders and not thread-safe.
 */
public final class CanonicalEncoder {

  private static final int MAX_TAG_LENGTH = 255;

  private byte[] buffer = new byte[128];
  private int length;

  private CanonicalEncoder() {}

  /**
   * Starts an encoding under {@code domainTag}.
   *
   * @param domainTag 1 to 255 printable ASCII characters naming the schema and its version
   * @throws IllegalArgumentException if the tag is empty, too long or not printable ASCII
   */
  public static CanonicalEncoder forDomain(String domainTag) {
    Objects.requireNonNull(domainTag, "domainTag");
    if (domainTag.isEmpty() || domainTag.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException("a domain tag has 1 to " + MAX_TAG_LENGTH + " characters");
    }
    for (int i = 0; i < domainTag.length(); i++) {
      char c = domainTag.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "a domain tag is printable ASCII without spaces, got char " + (int) c + " at " + i);
      }
    }
    return new CanonicalEncoder().writeString(domainTag);
  }

  /**
   * Writes one unsigned byte.
   *
   * @throws IllegalArgumentException if {@code value} is outside 0..255
   */
  public CanonicalEncoder writeByte(int value) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException("a byte field holds 0..255, got " + value);
    }
    ensureCapacity(1);
    buffer[length++] = (byte) value;
    return this;
  }

  public CanonicalEncoder writeBoolean(boolean value) {
    return writeByte(value ? 1 : 0);
  }

  public CanonicalEncoder writeInt32(int value) {
    ensureCapacity(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (value >>> shift);
    }
    return this;
  }

  public CanonicalEncoder writeInt64(long value) {
    ensureCapacity(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** Writes a length-prefixed byte string. */
  public CanonicalEncoder writeBytes(byte[] value) {
    Objects.requireNonNull(value, "value");
    writeInt32(value.length);
    ensureCapacity(value.length);
    System.arraycopy(value, 0, buffer, length, value.length);
    length += value.length;
    return this;
  }

  /**
   * Writes a length-prefixed UTF-8 string.
   *
   * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate
   */
  public CanonicalEncoder writeString(String value) {
    Objects.requireNonNull(value, "value");
    return writeBytes(strictUtf8(value));
  }

  /** Writes the 32 bytes of {@code value}. */
  public CanonicalEncoder writeHash(Hash value) {
    Objects.requireNonNull(value, "value");
    ensureCapacity(Hash.SIZE);
    value.copyTo(buffer, length);
    length += Hash.SIZE;
    return this;
  }

  /** Writes a hash that may be absent, such as the block id of a nil vote. */
  public CanonicalEncoder writeOptionalHash(Hash valueOrNull) {
    if (valueOrNull == null) {
      return writeByte(0);
    }
    return writeByte(1).writeHash(valueOrNull);
  }

  /**
   * Writes the number of elements of a repeated field; the elements follow.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public CanonicalEncoder writeCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count is >= 0, got " + count);
    }
    return writeInt32(count);
  }

  /** The bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  /** SHA-256 of the bytes written so far. */
  public Hash sha256() {
    MessageDigest digest = Sha256.newDigest();
    digest.update(buffer, 0, length);
    return Hash.wrapDigestOutput(digest.digest());
  }

  private void ensureCapacity(int extra) {
    int needed = length + extra;
    if (needed < 0) {
      throw new IllegalStateException("encoding exceeds 2 GiB");
    }
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
  }

  private static byte[] strictUtf8(String value) {
    // String.getBytes turns every unpaired surrogate into '?', so two different strings would encode
    // alike; a strict encoder refuses them instead.
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer encoded = encoder.encode(CharBuffer.wrap(value));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("string is not valid UTF-16 (unpaired surrogate)", e);
    }
  }
}

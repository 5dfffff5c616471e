package org.carechain.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads what {@link CanonicalEncoder} wrote, field by field in the same order. Every read checks
 * bounds, and {@link #finish()} rejects trailing bytes, so a decoder accepts exactly the encodings
 * its writer can produce: decoding then re-encoding gives the same bytes.
 *
 * <p>Failures throw {@link IllegalArgumentException}: input that does not decode is the caller's
 * bad data, never a local fault.
 */
public final class CanonicalDecoder {

  private final byte[] input;
  private int position;

  private CanonicalDecoder(byte[] input) {
    this.input = input;
  }

  /**
   * Starts decoding {@code encoded}, which must begin with {@code domainTag}.
   *
   * @throws IllegalArgumentException if the encoding is of another domain
   */
  public static CanonicalDecoder forDomain(String domainTag, byte[] encoded) {
    Objects.requireNonNull(domainTag, "domainTag");
    CanonicalDecoder decoder = new CanonicalDecoder(Objects.requireNonNull(encoded, "encoded"));
    String tag = decoder.readString();
    if (!tag.equals(domainTag)) {
      throw new IllegalArgumentException("expected an encoding of " + domainTag);
    }
    return decoder;
  }

  public int readByte() {
    require(1);
    return input[position++] & 0xff;
  }

  public boolean readBoolean() {
    int value = readByte();
    if (value > 1) {
      throw new IllegalArgumentException("a boolean field holds 0 or 1, got " + value);
    }
    return value == 1;
  }

  public int readInt32() {
    require(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (input[position++] & 0xff);
    }
    return value;
  }

  public long readInt64() {
    require(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (input[position++] & 0xff);
    }
    return value;
  }

  public byte[] readBytes() {
    int size = readInt32();
    if (size < 0) {
      throw new IllegalArgumentException("negative length");
    }
    require(size);
    byte[] value = Arrays.copyOfRange(input, position, position + size);
    position += size;
    return value;
  }

  public String readString() {
    byte[] bytes = readBytes();
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a string field is not valid UTF-8");
    }
  }

  public Hash readHash() {
    require(Hash.SIZE);
    Hash value = Hash.of(input, position);
    position += Hash.SIZE;
    return value;
  }

  /** Reads what {@link CanonicalEncoder#writeOptionalHash} wrote; {@code null} for none. */
  public Hash readOptionalHash() {
    return readBoolean() ? readHash() : null;
  }

  public int readCount() {
    int count = readInt32();
    if (count < 0) {
      throw new IllegalArgumentException("negative count");
    }
    return count;
  }

  /** @throws IllegalArgumentException if bytes are left over */
  public void finish() {
    if (position != input.length) {
      throw new IllegalArgumentException((input.length - position) + " trailing bytes");
    }
  }

  private void require(int bytes) {
    if (bytes > input.length - position) {
      throw new IllegalArgumentException("truncated encoding");
    }
  }
}

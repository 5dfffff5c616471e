package org.carechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CanonicalDecoderTest {

  private static byte[] sample() {
    return CanonicalEncoder.forDomain("test/v1")
        .writeByte(7)
        .writeBoolean(true)
        .writeInt32(-5)
        .writeInt64(Long.MIN_VALUE)
        .writeBytes(new byte[] {1, 2, 3})
        .writeString("héllo")
        .writeHash(Hash.sha256(new byte[] {9}))
        .writeOptionalHash(null)
        .writeCount(2)
        .toByteArray();
  }

  @Test
  void readsBackEveryFieldInOrder() {
    CanonicalDecoder decoder = CanonicalDecoder.forDomain("test/v1", sample());
    assertEquals(7, decoder.readByte());
    assertTrue(decoder.readBoolean());
    assertEquals(-5, decoder.readInt32());
    assertEquals(Long.MIN_VALUE, decoder.readInt64());
    assertArrayEquals(new byte[] {1, 2, 3}, decoder.readBytes());
    assertEquals("héllo", decoder.readString());
    assertEquals(Hash.sha256(new byte[] {9}), decoder.readHash());
    assertNull(decoder.readOptionalHash());
    assertEquals(2, decoder.readCount());
    decoder.finish();
  }

  @Test
  void rejectsAnotherDomainTruncationAndTrailingBytes() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalDecoder.forDomain("test/v2", sample()));
    byte[] truncated = Arrays.copyOf(sample(), sample().length - 1);
    CanonicalDecoder decoder = CanonicalDecoder.forDomain("test/v1", truncated);
    decoder.readByte();
    decoder.readBoolean();
    decoder.readInt32();
    decoder.readInt64();
    decoder.readBytes();
    decoder.readString();
    decoder.readHash();
    decoder.readOptionalHash();
    assertThrows(IllegalArgumentException.class, decoder::readCount);
    byte[] longer = Arrays.copyOf(sample(), sample().length + 1);
    CanonicalDecoder trailing = CanonicalDecoder.forDomain("test/v1", longer);
    trailing.readByte();
    assertThrows(IllegalArgumentException.class, trailing::finish);
  }

  @Test
  void rejectsAHugeLengthPrefixWithoutAllocating() {
    byte[] bogus = CanonicalEncoder.forDomain("t").writeInt32(Integer.MAX_VALUE).toByteArray();
    assertThrows(IllegalArgumentException.class, () -> CanonicalDecoder.forDomain("t", bogus).readBytes());
    byte[] bad = CanonicalEncoder.forDomain("t").writeByte(2).toByteArray();
    assertThrows(IllegalArgumentException.class, () -> CanonicalDecoder.forDomain("t", bad).readBoolean());
  }
}

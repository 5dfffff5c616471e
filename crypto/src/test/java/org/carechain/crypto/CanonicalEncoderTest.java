package org.carechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalEncoderTest {

  private static final String DOMAIN = "carechain/test/v1";

  @Test
  void layoutIsTagThenFixedWidthAndLengthPrefixedFields() {
    byte[] encoded =
        CanonicalEncoder.forDomain("t/v1")
            .writeByte(0xab)
            .writeBoolean(true)
            .writeInt32(-2)
            .writeInt64(258)
            .writeBytes(new byte[] {9})
            .writeString("é")
            .writeOptionalHash(null)
            .writeCount(3)
            .toByteArray();
    String expected =
        "00000004" + "742f7631" // tag: length, "t/v1"
            + "ab" // byte
            + "01" // boolean
            + "fffffffe" // int32 -2
            + "0000000000000102" // int64 258
            + "00000001" + "09" // bytes
            + "00000002" + "c3a9" // "é" in UTF-8
            + "00" // absent hash
            + "00000003"; // count
    assertEquals(expected, HexFormat.of().formatHex(encoded));
  }

  @Test
  void presentHashIsFlagThenThirtyTwoBytes() {
    Hash hash = Hash.sha256(new byte[] {1});
    byte[] encoded = CanonicalEncoder.forDomain("t").writeOptionalHash(hash).toByteArray();
    byte[] expected = CanonicalEncoder.forDomain("t").writeByte(1).writeHash(hash).toByteArray();
    assertArrayEquals(expected, encoded);
  }

  @Test
  void sha256IsTheHashOfTheEncoding() {
    CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN).writeString("x").writeInt64(7);
    assertEquals(Hash.sha256(encoder.toByteArray()), encoder.sha256());
  }

  @Test
  void differentSplitsOfTheSameBytesHashDifferently() {
    List<UnaryOperator<CanonicalEncoder>> splits =
        List.of(
            e -> e.writeString("ab").writeString("c"),
            e -> e.writeString("a").writeString("bc"),
            e -> e.writeString("abc").writeString(""),
            e -> e.writeString("").writeString("abc"),
            e -> e.writeString("abc"),
            e -> e.writeBytes(new byte[] {1, 2}).writeBytes(new byte[] {3}),
            e -> e.writeBytes(new byte[] {1}).writeBytes(new byte[] {2, 3}),
            e -> e.writeCount(0).writeCount(1),
            e -> e.writeCount(1).writeCount(0));
    List<Hash> hashes = splits.stream().map(s -> s.apply(CanonicalEncoder.forDomain(DOMAIN)).sha256()).toList();
    assertEquals(hashes.size(), hashes.stream().distinct().count(), "hashes: " + hashes);
  }

  @Test
  void nilAndPresentBlockIdsHashDifferently() {
    Hash zeros = Hash.of(new byte[Hash.SIZE]);
    assertNotEquals(
        CanonicalEncoder.forDomain(DOMAIN).writeOptionalHash(null).writeInt64(0).sha256(),
        CanonicalEncoder.forDomain(DOMAIN).writeOptionalHash(zeros).sha256());
  }

  @Test
  void theDomainTagSeparatesOtherwiseEqualValues() {
    assertNotEquals(
        CanonicalEncoder.forDomain("carechain/vote/v1").writeInt64(1).sha256(),
        CanonicalEncoder.forDomain("carechain/batch/v1").writeInt64(1).sha256());
  }

  @Test
  void sameInputGivesSameBytes() {
    assertArrayEquals(
        CanonicalEncoder.forDomain(DOMAIN).writeString("vote").writeInt64(42).toByteArray(),
        CanonicalEncoder.forDomain(DOMAIN).writeString("vote").writeInt64(42).toByteArray());
  }

  @Test
  void growsPastTheInitialBuffer() {
    byte[] big = new byte[10_000];
    big[9_999] = 5;
    byte[] encoded = CanonicalEncoder.forDomain("t").writeBytes(big).toByteArray();
    assertEquals(4 + 1 + 4 + 10_000, encoded.length);
    assertEquals(5, encoded[encoded.length - 1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\t", "naïve"})
  void rejectsBadDomainTags(String tag) {
    assertThrows(IllegalArgumentException.class, () -> CanonicalEncoder.forDomain(tag));
  }

  @Test
  void rejectsOverlongDomainTags() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalEncoder.forDomain("x".repeat(256)));
  }

  @Test
  void rejectsUnpairedSurrogatesThatWouldEncodeLikeAQuestionMark() {
    CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN);
    assertThrows(IllegalArgumentException.class, () -> encoder.writeString("a\uD800"));
    assertThrows(IllegalArgumentException.class, () -> encoder.writeString("\uDC00b"));
  }

  @Test
  void rejectsOutOfRangeValues() {
    CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN);
    assertThrows(IllegalArgumentException.class, () -> encoder.writeByte(256));
    assertThrows(IllegalArgumentException.class, () -> encoder.writeByte(-1));
    assertThrows(IllegalArgumentException.class, () -> encoder.writeCount(-1));
  }
}

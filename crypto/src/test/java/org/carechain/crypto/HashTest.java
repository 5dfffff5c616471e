package org.carechain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {

  // FIPS 180-2 appendix B.1: SHA-256("abc").
  private static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void sha256MatchesFipsKnownAnswer() {
    assertEquals(SHA256_ABC, Hash.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toHex());
  }

  @Test
  void sha256HashesTheConcatenationOfItsParts() {
    assertEquals(Hash.sha256(bytes("abc")), Hash.sha256(bytes("a"), bytes("bc")));
    assertEquals(Hash.sha256(new byte[0]), Hash.sha256());
  }

  @Test
  void hexRoundTripsAndAcceptsEitherCase() {
    Hash hash = Hash.fromHex(SHA256_ABC);
    assertEquals(SHA256_ABC, hash.toHex());
    assertEquals(SHA256_ABC, hash.toString());
    assertEquals(hash, Hash.fromHex(SHA256_ABC.toUpperCase()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00"})
  void fromHexRejectsAnythingButSixtyFourHexDigits(String hex) {
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(hex));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 31, 33, 64})
  void ofRejectsWrongLengths(int length) {
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[length]));
  }

  @Test
  void copiesOnTheWayInAndOut() {
    byte[] source = new byte[Hash.SIZE];
    Hash hash = Hash.of(source);
    source[0] = 1;
    assertEquals(0, hash.toByteArray()[0]);
    hash.toByteArray()[1] = 1;
    assertEquals(0, hash.toByteArray()[1]);
  }

  @Test
  void ofWithOffsetReadsThirtyTwoBytes() {
    byte[] source = new byte[40];
    Arrays.fill(source, 4, 36, (byte) 7);
    Hash hash = Hash.of(source, 4);
    byte[] expected = new byte[Hash.SIZE];
    Arrays.fill(expected, (byte) 7);
    assertArrayEquals(expected, hash.toByteArray());
    assertThrows(IndexOutOfBoundsException.class, () -> Hash.of(source, 9));
  }

  @Test
  void equalityAndHashCodeFollowContent() {
    Hash a = Hash.sha256(bytes("a"));
    Hash alsoA = Hash.of(a.toByteArray());
    Hash b = Hash.sha256(bytes("b"));
    assertEquals(a, alsoA);
    assertEquals(a.hashCode(), alsoA.hashCode());
    assertNotEquals(a, b);
    assertTrue(a.contentEquals(alsoA.toByteArray()));
  }

  @Test
  void ordersAsUnsignedBytes() {
    byte[] low = new byte[Hash.SIZE];
    byte[] high = new byte[Hash.SIZE];
    high[0] = (byte) 0x80;
    assertTrue(Hash.of(low).compareTo(Hash.of(high)) < 0);
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }
}

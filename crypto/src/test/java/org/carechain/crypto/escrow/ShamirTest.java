package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.carechain.crypto.testing.ScriptedSecureRandom;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class ShamirTest {

  private static final byte[] SECRET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

  @Test
  void knownAnswerForAChosenPolynomial() throws InvalidSharesException {
    // Secret bytes 0x53, 0x01 with f0(x) = 0x53 + 0xca x and f1(x) = 0x01 + 0x02 x.
    List<Share> shares = Shamir.split(new byte[] {0x53, 0x01}, 2, 3,
        new ScriptedSecureRandom(new byte[] {(byte) 0xca, 0x02}));
    // f0(1) = 0x53 ^ 0xca = 0x99; f0(2) = 0x53 ^ (0xca * 2 = 0x8f) = 0xdc; f0(3) = 0x53 ^ 0x45.
    assertArrayEquals(new byte[] {(byte) 0x99, 0x03}, shares.get(0).value());
    assertArrayEquals(new byte[] {(byte) 0xdc, 0x05}, shares.get(1).value());
    assertArrayEquals(new byte[] {(byte) (0x53 ^ 0x45), 0x07}, shares.get(2).value());
    assertArrayEquals(new byte[] {0x53, 0x01}, Shamir.combine(List.of(shares.get(2), shares.get(0))));
  }

  @Test
  void sharesCarryXAndThresholdAndRoundTripTheirEncoding() throws InvalidSharesException {
    List<Share> shares = Shamir.split(SECRET, 3, 5, new SeededSecureRandom(1));
    assertEquals(5, shares.size());
    for (int i = 0; i < shares.size(); i++) {
      Share share = shares.get(i);
      assertEquals(i + 1, share.x());
      assertEquals(3, share.threshold());
      assertEquals(SECRET.length, share.length());
      assertEquals(share, Share.parse(share.toByteArray()));
    }
    byte[] encoded = shares.get(1).toByteArray();
    assertEquals(Share.VERSION, encoded[0]);
    assertEquals(3, encoded[1]);
    assertEquals(2, encoded[2]);
  }

  @Test
  void combiningIsRefusedWithAClearReason() {
    List<Share> shares = Shamir.split(SECRET, 3, 5, new SeededSecureRandom(2));
    assertRefused(List.of(shares.get(0), shares.get(1)), "threshold is 3 shares, got only 2");
    assertRefused(List.of(shares.get(0), shares.get(1), shares.get(1)), "x=2 is given twice");
    assertRefused(List.of(), "no shares");

    Share otherThreshold = Shamir.split(SECRET, 2, 5, new SeededSecureRandom(3)).get(3);
    assertRefused(List.of(shares.get(0), shares.get(1), otherThreshold), "different thresholds");

    Share otherLength = Shamir.split(new byte[8], 3, 5, new SeededSecureRandom(4)).get(3);
    assertRefused(List.of(shares.get(0), shares.get(1), otherLength), "different lengths");
  }

  @Test
  void anExtraShareThatDisagreesIsDetected() throws InvalidSharesException {
    List<Share> shares = Shamir.split(SECRET, 3, 5, new SeededSecureRandom(5));
    byte[] corruptedValue = shares.get(4).value();
    corruptedValue[7] ^= 0x40;
    Share corrupted = Share.create(5, 3, corruptedValue);
    List<Share> withCorrupted = new ArrayList<>(shares.subList(0, 4));
    withCorrupted.add(corrupted);
    assertRefused(withCorrupted, "x=5 does not lie on the polynomial");
    assertArrayEquals(SECRET, Shamir.combine(shares));
  }

  @Test
  void splitRejectsOutOfRangeParameters() {
    SeededSecureRandom random = new SeededSecureRandom(6);
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(new byte[0], 2, 3, random));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(new byte[65], 2, 3, random));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(SECRET, 1, 3, random));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(SECRET, 4, 3, random));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(SECRET, 2, 256, random));
    assertEquals(255, Shamir.split(new byte[64], 255, 255, random).size());
  }

  @Test
  void malformedShareEncodingsAreRefused() {
    Share share = Shamir.split(SECRET, 2, 2, new SeededSecureRandom(7)).get(0);
    byte[] encoded = share.toByteArray();
    assertThrows(InvalidSharesException.class, () -> Share.parse(new byte[3]));
    byte[] badVersion = encoded.clone();
    badVersion[0] = 9;
    assertThrows(InvalidSharesException.class, () -> Share.parse(badVersion));
    byte[] zeroX = encoded.clone();
    zeroX[2] = 0;
    assertThrows(InvalidSharesException.class, () -> Share.parse(zeroX));
    byte[] thresholdOne = encoded.clone();
    thresholdOne[1] = 1;
    assertThrows(InvalidSharesException.class, () -> Share.parse(thresholdOne));
    assertThrows(InvalidSharesException.class, () -> Share.parse(new byte[3 + 65]));
    assertThrows(IllegalArgumentException.class, () -> Share.create(0, 2, new byte[1]));
  }

  @Test
  void toStringShowsNoShareValue() {
    Share share = Share.create(7, 3, HexFormat.of().parseHex("deadbeef"));
    assertEquals("Share{x=7, threshold=3, length=4}", share.toString());
    assertFalse(share.toString().toLowerCase().contains("dead"));
  }

  private static void assertRefused(List<Share> shares, String reason) {
    InvalidSharesException refused =
        assertThrows(InvalidSharesException.class, () -> Shamir.combine(shares));
    assertTrue(refused.getMessage().contains(reason), refused.getMessage());
  }
}

package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class ThresholdEscrowTest {

  private static final byte[] RID = "rid-0123456789ab".getBytes(StandardCharsets.UTF_8);

  private final EscrowDealing dealing =
      ThresholdEscrow.dealFreshKey(3, 5, new SeededSecureRandom(1));
  private final EscrowVerificationKeys keys = dealing.verificationKeys();
  private final byte[] tag =
      EscrowCipher.linkTag(dealing.escrowKey(), RID, new SeededSecureRandom(2));
  private final byte[] enc = encOf(tag);

  private static byte[] encOf(byte[] linkTag) {
    try {
      return EscrowCipher.encapsulatedKey(linkTag);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private PartialDecryption partial(int officer) throws InvalidKeyException {
    return ThresholdEscrow.partial(dealing.shares().get(officer - 1), enc);
  }

  @Test
  void threeOfFiveOpenAndPartialsAreDeterministic() throws GeneralSecurityException {
    List<PartialDecryption> partials = List.of(partial(4), partial(1), partial(5));
    assertArrayEquals(RID, ThresholdEscrow.openLinkTag(partials, keys, tag));
    assertEquals(partial(4), partial(4));
    // All five work too, and give the same shared secret as any three.
    List<PartialDecryption> all = List.of(partial(1), partial(2), partial(3), partial(4), partial(5));
    assertArrayEquals(ThresholdEscrow.combine(partials, keys, enc),
        ThresholdEscrow.combine(all, keys, enc));
  }

  @Test
  void dealingAnExistingKeyReproducesItsX25519Output() throws GeneralSecurityException {
    byte[] sk = new byte[32];
    new SeededSecureRandom(3).nextBytes(sk);
    EscrowKeyPair keyPair = EscrowKeyPair.fromPrivateKey(sk);
    EscrowDealing dealt = ThresholdEscrow.deal(keyPair, 2, 4, new SeededSecureRandom(4));
    assertEquals(keyPair.publicKey(), dealt.escrowKey());
    byte[] wrapped = EscrowCipher.wrap(keyPair.publicKey(),
        org.carechain.crypto.aead.Aes256GcmKey.generate(new SeededSecureRandom(5)), new byte[0],
        new SeededSecureRandom(6));
    byte[] wrappedEnc = EscrowCipher.encapsulatedKey(wrapped);
    byte[] shared = ThresholdEscrow.combine(List.of(
        ThresholdEscrow.partial(dealt.shares().get(2), wrappedEnc),
        ThresholdEscrow.partial(dealt.shares().get(0), wrappedEnc)), dealt.verificationKeys(),
        wrappedEnc);
    byte[] expected = new byte[32];
    X25519.scalarMult(sk, 0, wrappedEnc, 0, expected, 0);
    assertArrayEquals(expected, shared);
    assertEquals(EscrowCipher.unwrap(keyPair, wrapped, new byte[0]),
        EscrowCipher.unwrapWithSharedSecret(keyPair.publicKey(), shared, wrapped, new byte[0]));
  }

  @Test
  void aPartialPresentedUnderAnotherIndexIsRefusedNamingThatIndex() throws GeneralSecurityException {
    byte[] encoded = partial(2).toByteArray();
    encoded[1] = 3;
    PartialDecryption relabelled = PartialDecryption.parse(encoded);
    InvalidPartialDecryptionException refused = assertThrows(InvalidPartialDecryptionException.class,
        () -> ThresholdEscrow.combine(List.of(partial(1), relabelled, partial(5)), keys, enc));
    assertEquals(3, refused.index());
    assertThrows(InvalidPartialDecryptionException.class,
        () -> ThresholdEscrow.verify(relabelled, keys, enc));
    encoded[1] = 6;
    PartialDecryption noSuchOfficer = PartialDecryption.parse(encoded);
    refused = assertThrows(InvalidPartialDecryptionException.class,
        () -> ThresholdEscrow.combine(List.of(partial(1), noSuchOfficer, partial(5)), keys, enc));
    assertEquals(6, refused.index());
  }

  @Test
  void aPartialForAnotherMessageIsRefused() throws GeneralSecurityException {
    byte[] otherTag = EscrowCipher.linkTag(dealing.escrowKey(), RID, new SeededSecureRandom(7));
    PartialDecryption forOther =
        ThresholdEscrow.partial(dealing.shares().get(1), encOf(otherTag));
    InvalidPartialDecryptionException refused = assertThrows(InvalidPartialDecryptionException.class,
        () -> ThresholdEscrow.openLinkTag(List.of(partial(1), forOther, partial(3)), keys, tag));
    assertEquals(2, refused.index());
  }

  @Test
  void aPartialFromAnotherDealingOfTheSameKeyIsRefused() throws GeneralSecurityException {
    byte[] sk = new byte[32];
    new SeededSecureRandom(8).nextBytes(sk);
    EscrowKeyPair keyPair = EscrowKeyPair.fromPrivateKey(sk);
    EscrowDealing first = ThresholdEscrow.deal(keyPair, 2, 3, new SeededSecureRandom(9));
    EscrowDealing second = ThresholdEscrow.deal(keyPair, 2, 3, new SeededSecureRandom(10));
    byte[] keyTag = EscrowCipher.linkTag(keyPair.publicKey(), RID, new SeededSecureRandom(11));
    PartialDecryption fromSecond = ThresholdEscrow.partial(second.shares().get(1), encOf(keyTag));
    PartialDecryption fromFirst = ThresholdEscrow.partial(first.shares().get(0), encOf(keyTag));
    assertThrows(InvalidPartialDecryptionException.class, () -> ThresholdEscrow.openLinkTag(
        List.of(fromFirst, fromSecond), first.verificationKeys(), keyTag));
    assertThrows(InvalidSharesException.class,
        () -> ThresholdEscrow.checkShare(second.shares().get(1), first.verificationKeys()));
    assertThrows(InvalidSharesException.class,
        () -> ThresholdEscrow.checkShare(dealing.shares().get(1), first.verificationKeys()));
  }

  @Test
  void everyBitFlipOfAPartialIsRefusedAtParsingOrByTheProof() throws GeneralSecurityException {
    // Officer 2's, combined with 4's and 5's: no flip of the index byte gives 4 or 5.
    byte[] good = partial(2).toByteArray();
    int parseRefusals = 0;
    int proofRefusals = 0;
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = good.clone();
        flipped[i] ^= (byte) (1 << bit);
        PartialDecryption parsed;
        try {
          parsed = PartialDecryption.parse(flipped);
        } catch (InvalidSharesException e) {
          parseRefusals++;
          continue;
        }
        int index = i;
        int flippedBit = bit;
        InvalidPartialDecryptionException refused = assertThrows(
            InvalidPartialDecryptionException.class,
            () -> ThresholdEscrow.combine(List.of(partial(4), parsed, partial(5)), keys, enc),
            "byte " + index + " bit " + flippedBit);
        assertEquals(parsed.index(), refused.index());
        proofRefusals++;
      }
    }
    assertEquals(good.length * 8, parseRefusals + proofRefusals);
    assertTrue(proofRefusals > good.length * 4, proofRefusals + " refused by the proof");
  }

  @Test
  void tooFewAndDuplicatedPartialsAreRefused() throws GeneralSecurityException {
    InvalidSharesException tooFew = assertThrows(InvalidSharesException.class,
        () -> ThresholdEscrow.combine(List.of(partial(1), partial(2)), keys, enc));
    assertTrue(tooFew.getMessage().contains("3 officers, got 2"), tooFew.getMessage());
    assertThrows(InvalidSharesException.class, () -> ThresholdEscrow.combine(List.of(), keys, enc));
    InvalidSharesException duplicate = assertThrows(InvalidSharesException.class,
        () -> ThresholdEscrow.combine(List.of(partial(1), partial(2), partial(1)), keys, enc));
    assertTrue(duplicate.getMessage().contains("officer 1 is given twice"), duplicate.getMessage());
  }

  @Test
  void invalidEncapsulatedKeysAreRefused() {
    byte[] lowOrder = new byte[32];
    assertThrows(InvalidKeyException.class,
        () -> ThresholdEscrow.partial(dealing.shares().get(0), lowOrder));
    assertThrows(InvalidKeyException.class,
        () -> ThresholdEscrow.partial(dealing.shares().get(0), new byte[33]));
    assertThrows(InvalidKeyException.class, () -> ThresholdEscrow.combine(
        List.of(partial(1), partial(2), partial(3)), keys, lowOrder));
    byte[] lowOrderTag = tag.clone();
    Arrays.fill(lowOrderTag, 1, 33, (byte) 0);
    assertThrows(InvalidKeyException.class, () -> ThresholdEscrow.openLinkTag(
        List.of(partial(1), partial(2), partial(3)), keys, lowOrderTag));
  }

  @Test
  void aWrongSharedSecretOrAlteredTagDoesNotOpen() throws GeneralSecurityException {
    byte[] shared = ThresholdEscrow.combine(List.of(partial(1), partial(2), partial(3)), keys, enc);
    assertArrayEquals(RID,
        EscrowCipher.openLinkTagWithSharedSecret(dealing.escrowKey(), shared, tag));
    byte[] altered = tag.clone();
    altered[altered.length - 1] ^= 1;
    assertThrows(javax.crypto.AEADBadTagException.class,
        () -> EscrowCipher.openLinkTagWithSharedSecret(dealing.escrowKey(), shared, altered));
    EscrowPublicKey otherKey =
        ThresholdEscrow.dealFreshKey(1, 1, new SeededSecureRandom(12)).escrowKey();
    assertThrows(javax.crypto.AEADBadTagException.class,
        () -> EscrowCipher.openLinkTagWithSharedSecret(otherKey, shared, tag));
    assertThrows(org.carechain.crypto.aead.MalformedEnvelopeException.class,
        () -> EscrowCipher.openLinkTagWithSharedSecret(dealing.escrowKey(), shared, new byte[20]));
  }

  @Test
  void encodingsRoundTripWithTheirDocumentedSizes() throws GeneralSecurityException {
    EscrowKeyShare share = dealing.shares().get(2);
    byte[] shareBytes = share.toByteArray();
    assertEquals(EscrowKeyShare.SIZE, shareBytes.length);
    assertEquals(67, shareBytes.length);
    assertEquals(share, EscrowKeyShare.parse(shareBytes));
    assertEquals(3, EscrowKeyShare.parse(shareBytes).index());

    byte[] partialBytes = partial(2).toByteArray();
    assertEquals(98, partialBytes.length);
    assertEquals(partial(2), PartialDecryption.parse(partialBytes));

    byte[] keyBytes = keys.toByteArray();
    assertEquals(35 + 32 * 5, keyBytes.length);
    EscrowVerificationKeys parsed = EscrowVerificationKeys.parse(keyBytes);
    assertEquals(keys, parsed);
    assertEquals(3, parsed.threshold());
    assertEquals(5, parsed.officerCount());
    assertEquals(dealing.escrowKey(), parsed.escrowKey());
    assertArrayEquals(Arrays.copyOfRange(keyBytes, 35 + 32, 35 + 64), parsed.verificationKey(2));
  }

  @Test
  void malformedKeySharesAreRefused() {
    byte[] good = dealing.shares().get(0).toByteArray();
    assertThrows(InvalidSharesException.class, () -> EscrowKeyShare.parse(new byte[0]));
    assertThrows(InvalidSharesException.class,
        () -> EscrowKeyShare.parse(Arrays.copyOf(good, good.length + 1)));
    assertThrows(InvalidSharesException.class,
        () -> EscrowKeyShare.parse(Arrays.copyOf(good, good.length - 1)));
    assertRefused(good, 0, (byte) 2, "version");
    assertRefused(good, 1, (byte) 0, "threshold 0");
    assertRefused(good, 2, (byte) 0, "index 0");
    byte[] lowOrderKey = good.clone();
    Arrays.fill(lowOrderKey, 3, 35, (byte) 0);
    assertThrows(InvalidSharesException.class, () -> EscrowKeyShare.parse(lowOrderKey));
    byte[] zeroValue = good.clone();
    Arrays.fill(zeroValue, 35, 67, (byte) 0);
    assertThrows(InvalidSharesException.class, () -> EscrowKeyShare.parse(zeroValue));
    byte[] valueAtOrder = good.clone();
    System.arraycopy(Curve25519Group.toLittleEndian(Curve25519Group.ORDER, 32), 0, valueAtOrder, 35, 32);
    assertThrows(InvalidSharesException.class, () -> EscrowKeyShare.parse(valueAtOrder));
  }

  private static void assertRefused(byte[] good, int offset, byte value, String what) {
    byte[] bad = good.clone();
    bad[offset] = value;
    assertThrows(InvalidSharesException.class, () -> EscrowKeyShare.parse(bad), what);
  }

  @Test
  void malformedPartialsAreRefused() throws GeneralSecurityException {
    byte[] good = partial(1).toByteArray();
    assertThrows(InvalidSharesException.class, () -> PartialDecryption.parse(new byte[97]));
    assertThrows(InvalidSharesException.class,
        () -> PartialDecryption.parse(Arrays.copyOf(good, 99)));
    byte[] version = good.clone();
    version[0] = 0;
    assertThrows(InvalidSharesException.class, () -> PartialDecryption.parse(version));
    byte[] indexZero = good.clone();
    indexZero[1] = 0;
    assertThrows(InvalidSharesException.class, () -> PartialDecryption.parse(indexZero));
    byte[] identityPoint = good.clone();
    Arrays.fill(identityPoint, 2, 34, (byte) 0);
    assertThrows(InvalidSharesException.class, () -> PartialDecryption.parse(identityPoint));
    for (int offset : new int[] {34, 66}) {
      byte[] scalarTooBig = good.clone();
      Arrays.fill(scalarTooBig, offset, offset + 32, (byte) 0xff);
      assertThrows(InvalidSharesException.class, () -> PartialDecryption.parse(scalarTooBig));
    }
  }

  @Test
  void malformedOrInconsistentVerificationKeysAreRefused() {
    byte[] good = keys.toByteArray();
    assertThrows(InvalidSharesException.class, () -> EscrowVerificationKeys.parse(new byte[35]));
    assertThrows(InvalidSharesException.class,
        () -> EscrowVerificationKeys.parse(Arrays.copyOf(good, good.length - 32)));
    assertThrows(InvalidSharesException.class,
        () -> EscrowVerificationKeys.parse(Arrays.copyOf(good, good.length + 1)));
    for (int[] change : new int[][] {{0, 2}, {1, 0}, {1, 6}, {2, 4}, {2, 6}}) {
      byte[] bad = good.clone();
      bad[change[0]] = (byte) change[1];
      assertThrows(InvalidSharesException.class, () -> EscrowVerificationKeys.parse(bad),
          "byte " + change[0] + " = " + change[1]);
    }
    // Two officers' keys swapped: each is a valid point, but not on one polynomial.
    byte[] swapped = good.clone();
    System.arraycopy(good, 35, swapped, 35 + 32, 32);
    System.arraycopy(good, 35 + 32, swapped, 35, 32);
    assertThrows(InvalidSharesException.class, () -> EscrowVerificationKeys.parse(swapped));
    // An extra officer's key replaced by another dealing's.
    byte[] other = ThresholdEscrow.dealFreshKey(3, 5, new SeededSecureRandom(13))
        .verificationKeys().toByteArray();
    byte[] replacedLast = good.clone();
    System.arraycopy(other, 35 + 4 * 32, replacedLast, 35 + 4 * 32, 32);
    assertThrows(InvalidSharesException.class, () -> EscrowVerificationKeys.parse(replacedLast));
    // The right keys under another escrow key.
    byte[] otherEscrowKey = good.clone();
    System.arraycopy(other, 3, otherEscrowKey, 3, 32);
    assertThrows(InvalidSharesException.class, () -> EscrowVerificationKeys.parse(otherEscrowKey));
    // A threshold lower than the dealing's.
    byte[] lowerThreshold = good.clone();
    lowerThreshold[1] = 2;
    assertThrows(InvalidSharesException.class, () -> EscrowVerificationKeys.parse(lowerThreshold));
  }

  @Test
  void dealingParametersAreChecked() {
    SeededSecureRandom random = new SeededSecureRandom(14);
    assertThrows(IllegalArgumentException.class, () -> ThresholdEscrow.dealFreshKey(0, 3, random));
    assertThrows(IllegalArgumentException.class, () -> ThresholdEscrow.dealFreshKey(4, 3, random));
    assertThrows(IllegalArgumentException.class, () -> ThresholdEscrow.dealFreshKey(2, 256, random));
  }

  @Test
  void nothingSecretIsPrintedOrEchoed() throws GeneralSecurityException {
    EscrowKeyShare share = dealing.shares().get(0);
    String shareHex = HexFormat.of().formatHex(share.toByteArray(), 35, 67);
    assertEquals("EscrowKeyShare{index=1, threshold=3, keyId=" + dealing.escrowKey().keyId() + "}",
        share.toString());
    assertEquals("PartialDecryption{index=1}", partial(1).toString());
    assertFalse(dealing.toString().contains(shareHex));
    byte[] relabelled = partial(2).toByteArray();
    relabelled[1] = 3;
    String pointHex = HexFormat.of().formatHex(relabelled, 2, 34);
    GeneralSecurityException refused = assertThrows(GeneralSecurityException.class,
        () -> ThresholdEscrow.combine(
            List.of(partial(1), PartialDecryption.parse(relabelled), partial(5)), keys, enc));
    assertFalse(refused.getMessage().toLowerCase().contains(pointHex), refused.getMessage());
    assertFalse(refused.getMessage().contains(shareHex));
  }
}

package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.List;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class EscrowKeyPairTest {

  private final EscrowKeyPair escrow = EscrowKeyPair.generate(new SeededSecureRandom(1));

  @Test
  void anyThresholdOfOfficerSharesRebuildAWorkingKey() throws GeneralSecurityException {
    List<Share> shares = escrow.splitPrivateKey(3, 5, new SeededSecureRandom(2));
    byte[] tag = EscrowCipher.linkTag(escrow.publicKey(), new byte[] {42}, new SeededSecureRandom(3));
    EscrowKeyPair rebuilt =
        EscrowKeyPair.fromShares(List.of(shares.get(4), shares.get(0), shares.get(2)), escrow.publicKey());
    assertEquals(escrow, rebuilt);
    assertEquals(escrow.publicKey(), rebuilt.publicKey());
    assertArrayEquals(new byte[] {42}, EscrowCipher.openLinkTag(rebuilt, tag));
  }

  @Test
  void tooFewSharesAreRefused() {
    List<Share> shares = escrow.splitPrivateKey(3, 5, new SeededSecureRandom(4));
    assertThrows(InvalidSharesException.class,
        () -> EscrowKeyPair.fromShares(shares.subList(0, 2), escrow.publicKey()));
  }

  @Test
  void sharesOfAnotherKeyOrACorruptedShareAreRefusedAgainstThePublicKey() {
    EscrowKeyPair other = EscrowKeyPair.generate(new SeededSecureRandom(5));
    List<Share> otherShares = other.splitPrivateKey(2, 3, new SeededSecureRandom(6));
    InvalidKeyException wrongKey = assertThrows(InvalidKeyException.class,
        () -> EscrowKeyPair.fromShares(otherShares.subList(0, 2), escrow.publicKey()));
    assertTrue(wrongKey.getMessage().contains(escrow.keyId().hex()), wrongKey.getMessage());

    List<Share> shares = new ArrayList<>(escrow.splitPrivateKey(2, 3, new SeededSecureRandom(7)));
    byte[] value = shares.get(1).value();
    value[0] ^= 1;
    shares.set(1, Share.create(2, 2, value));
    assertThrows(InvalidKeyException.class,
        () -> EscrowKeyPair.fromShares(shares.subList(0, 2), escrow.publicKey()));

    List<Share> shortSecret = Shamir.split(new byte[16], 2, 2, new SeededSecureRandom(8));
    assertThrows(InvalidKeyException.class,
        () -> EscrowKeyPair.fromShares(shortSecret, escrow.publicKey()));
  }

  @Test
  void publicKeysRoundTripAndLowOrderPointsAreRefused() throws InvalidKeyException {
    assertEquals(escrow.publicKey(), EscrowPublicKey.create(escrow.publicKey().toByteArray()));
    assertThrows(InvalidKeyException.class, () -> EscrowPublicKey.create(new byte[31]));
    assertThrows(InvalidKeyException.class, () -> EscrowPublicKey.create(new byte[32]));
    byte[] one = new byte[32];
    one[0] = 1;
    assertThrows(InvalidKeyException.class, () -> EscrowPublicKey.create(one));
  }

  @Test
  void generationUsesThePassedRandomnessAndToStringShowsOnlyTheKeyId() {
    assertEquals(escrow, EscrowKeyPair.generate(new SeededSecureRandom(1)));
    assertNotEquals(escrow, EscrowKeyPair.generate(new SeededSecureRandom(9)));
    assertEquals("EscrowKeyPair{keyId=" + escrow.keyId() + "}", escrow.toString());
    assertFalse(escrow.toString().contains("key="));
  }
}

package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.InvalidKeyException;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class EscrowKeyPairTest {

  private final EscrowKeyPair escrow = EscrowKeyPair.generate(new SeededSecureRandom(1));

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

package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.Aes256Gcm;
import org.carechain.crypto.aead.AesGcmEnvelope;
import org.carechain.crypto.aead.MalformedEnvelopeException;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class IdentityEnvelopeTest {

  private static final byte[] IDENTITY =
      "{\"dob\":\"1815-12-10\",\"name\":\"Ada Lovelace\"}".getBytes(StandardCharsets.UTF_8);

  private final EscrowKeyPair escrow = EscrowKeyPair.generate(new SeededSecureRandom(1));

  @Test
  void roundTripThroughStoredBytes() throws GeneralSecurityException {
    IdentityEnvelope sealed = IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(2));
    byte[] stored = sealed.toByteArray();
    assertEquals(IdentityEnvelope.OVERHEAD + IDENTITY.length, stored.length);
    assertEquals(IDENTITY.length, sealed.identityLength());
    assertEquals(Hash.sha256(stored), sealed.hash());
    assertArrayEquals(IDENTITY, IdentityEnvelope.open(stored, escrow));
    assertEquals(sealed, IdentityEnvelope.parse(stored));
    assertEquals(sealed.hash(), IdentityEnvelope.parse(stored).hash());
  }

  @Test
  void layoutIsVersionWrappedKeyThenAesGcmEnvelope() throws GeneralSecurityException {
    byte[] stored =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(3)).toByteArray();
    assertEquals(IdentityEnvelope.VERSION, stored[0]);
    byte[] wrapped = Arrays.copyOfRange(stored, 1, 1 + EscrowCipher.WRAPPED_KEY_SIZE);
    byte[] body = Arrays.copyOfRange(stored, 1 + EscrowCipher.WRAPPED_KEY_SIZE, stored.length);
    var dataKey = EscrowCipher.unwrap(escrow, wrapped,
        IdentityEnvelope.WRAP_INFO.getBytes(StandardCharsets.US_ASCII));
    assertEquals(AesGcmEnvelope.VERSION, body[0]);
    byte[] header = Arrays.copyOf(stored, 1 + EscrowCipher.WRAPPED_KEY_SIZE);
    assertArrayEquals(IDENTITY, Aes256Gcm.open(dataKey, body, header));
  }

  @Test
  void tamperingWithAnyByteIsRefused() {
    byte[] stored =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(4)).toByteArray();
    for (int i = 0; i < stored.length; i++) {
      for (int mask : new int[] {0x01, 0x80}) {
        byte[] altered = stored.clone();
        altered[i] ^= (byte) mask;
        int index = i;
        assertThrows(GeneralSecurityException.class, () -> IdentityEnvelope.open(altered, escrow),
            "byte " + index + " ^ " + mask + " was accepted");
      }
    }
    assertThrows(GeneralSecurityException.class,
        () -> IdentityEnvelope.open(Arrays.copyOf(stored, stored.length - 1), escrow));
    assertThrows(GeneralSecurityException.class,
        () -> IdentityEnvelope.open(Arrays.copyOf(stored, stored.length + 1), escrow));
  }

  @Test
  void swappingWrappedKeysBetweenEnvelopesIsRefused() {
    byte[] first =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(5)).toByteArray();
    byte[] second =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(6)).toByteArray();
    byte[] spliced = first.clone();
    System.arraycopy(second, 1, spliced, 1, EscrowCipher.WRAPPED_KEY_SIZE);
    assertThrows(AEADBadTagException.class, () -> IdentityEnvelope.open(spliced, escrow));
  }

  @Test
  void theWrongEscrowKeyIsRefused() {
    byte[] stored =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(7)).toByteArray();
    EscrowKeyPair other = EscrowKeyPair.generate(new SeededSecureRandom(8));
    assertThrows(AEADBadTagException.class, () -> IdentityEnvelope.open(stored, other));
  }

  @Test
  void twoEnvelopesOfTheSameIdentityDiffer() {
    IdentityEnvelope first = IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(9));
    IdentityEnvelope second = IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(10));
    assertNotEquals(first, second);
    assertNotEquals(first.hash(), second.hash());
    byte[] a = first.toByteArray();
    byte[] b = second.toByteArray();
    int equalBytes = 0;
    for (int i = 1; i < a.length; i++) {
      equalBytes += a[i] == b[i] ? 1 : 0;
    }
    // Independent random strings agree on about 1 byte in 256; allow a wide margin.
    assertFalse(equalBytes > 8, equalBytes + " of " + a.length + " bytes equal");
  }

  @Test
  void openingWithThreeOfSevenOfficersPartialDecryptions() throws GeneralSecurityException {
    IdentityEnvelope sealed =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(11));
    EscrowDealing dealing = ThresholdEscrow.deal(escrow, 3, 7, new SeededSecureRandom(12));
    byte[] enc = sealed.encapsulatedKey();
    List<PartialDecryption> partials = new java.util.ArrayList<>();
    for (int officer : new int[] {7, 2, 4}) {
      partials.add(ThresholdEscrow.partial(dealing.shares().get(officer - 1), enc));
    }
    assertArrayEquals(IDENTITY,
        ThresholdEscrow.openIdentity(partials, dealing.verificationKeys(), sealed));
    byte[] shared = ThresholdEscrow.combine(partials, dealing.verificationKeys(), enc);
    assertArrayEquals(IDENTITY, sealed.openWithSharedSecret(escrow.publicKey(), shared));
    shared[0] ^= 1;
    assertThrows(AEADBadTagException.class,
        () -> sealed.openWithSharedSecret(escrow.publicKey(), shared));
  }

  @Test
  void malformedInputIsRefusedAndToStringHidesContent() {
    assertThrows(MalformedEnvelopeException.class,
        () -> IdentityEnvelope.parse(new byte[IdentityEnvelope.OVERHEAD]));
    byte[] stored =
        IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(13)).toByteArray();
    stored[0] = 7;
    assertThrows(MalformedEnvelopeException.class, () -> IdentityEnvelope.parse(stored));
    assertThrows(IllegalArgumentException.class,
        () -> IdentityEnvelope.seal(new byte[0], escrow.publicKey(), new SeededSecureRandom(14)));
    IdentityEnvelope sealed = IdentityEnvelope.seal(IDENTITY, escrow.publicKey(), new SeededSecureRandom(15));
    assertEquals("IdentityEnvelope{hash=" + sealed.hash() + ", identityLength=" + IDENTITY.length + "}",
        sealed.toString());
  }
}

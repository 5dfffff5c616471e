package org.carechain.crypto.aead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.testing.ScriptedSecureRandom;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class Aes256GcmTest {

  private static final byte[] PLAINTEXT = "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AAD = "rid-42".getBytes(StandardCharsets.UTF_8);

  private final Aes256GcmKey key = Aes256GcmKey.generate(new SeededSecureRandom(1));

  @Test
  void sealThenOpenGivesThePlaintextBack() throws GeneralSecurityException {
    byte[] envelope = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(2));
    assertEquals(PLAINTEXT.length + AesGcmEnvelope.OVERHEAD, envelope.length);
    assertArrayEquals(PLAINTEXT, Aes256Gcm.open(key, envelope, AAD));
  }

  @Test
  void emptyPlaintextAndAssociatedDataRoundTrip() throws GeneralSecurityException {
    byte[] envelope = Aes256Gcm.seal(key, new byte[0], new byte[0], new SeededSecureRandom(3));
    assertEquals(AesGcmEnvelope.OVERHEAD, envelope.length);
    assertArrayEquals(new byte[0], Aes256Gcm.open(key, envelope, new byte[0]));
  }

  @Test
  void envelopeLayoutIsVersionNonceCiphertextTag() throws GeneralSecurityException {
    byte[] nonce = HexFormat.of().parseHex("000102030405060708090a0b");
    byte[] envelope = Aes256Gcm.seal(key, PLAINTEXT, AAD, new ScriptedSecureRandom(nonce));
    assertEquals(AesGcmEnvelope.VERSION, envelope[0]);
    assertArrayEquals(nonce, Arrays.copyOfRange(envelope, 1, 13));
    AesGcmEnvelope parsed = AesGcmEnvelope.parse(envelope);
    assertArrayEquals(nonce, parsed.nonce());
    assertEquals(PLAINTEXT.length, parsed.plaintextLength());
    // The GCM associated data is the version byte followed by the caller's associated data.
    byte[] gcmAad = new byte[1 + AAD.length];
    gcmAad[0] = AesGcmEnvelope.VERSION;
    System.arraycopy(AAD, 0, gcmAad, 1, AAD.length);
    assertArrayEquals(
        Aes256Gcm.encrypt(key.exportKeyBytes(), nonce, PLAINTEXT, gcmAad), parsed.ciphertextWithTag());
  }

  @Test
  void everySingleBitFlipIsRefused() {
    byte[] envelope = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(4));
    for (int bit = 0; bit < 8 * envelope.length; bit++) {
      byte[] altered = envelope.clone();
      altered[bit / 8] ^= (byte) (1 << (bit % 8));
      int flipped = bit;
      assertThrows(GeneralSecurityException.class, () -> Aes256Gcm.open(key, altered, AAD),
          "bit " + flipped + " flipped was accepted");
    }
  }

  @Test
  void tagFailuresAreAeadBadTagExceptions() throws InvalidKeyException {
    byte[] envelope = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(5));
    Aes256GcmKey otherKey = Aes256GcmKey.generate(new SeededSecureRandom(6));
    assertThrows(AEADBadTagException.class, () -> Aes256Gcm.open(otherKey, envelope, AAD));
    assertThrows(AEADBadTagException.class, () -> Aes256Gcm.open(key, envelope, new byte[0]));
    byte[] lastByteFlipped = envelope.clone();
    lastByteFlipped[envelope.length - 1] ^= 1;
    assertThrows(AEADBadTagException.class, () -> Aes256Gcm.open(key, lastByteFlipped, AAD));
    byte[] truncatedByOne = Arrays.copyOf(envelope, envelope.length - 1);
    assertThrows(AEADBadTagException.class, () -> Aes256Gcm.open(key, truncatedByOne, AAD));
    byte[] extended = Arrays.copyOf(envelope, envelope.length + 1);
    assertThrows(AEADBadTagException.class, () -> Aes256Gcm.open(key, extended, AAD));
  }

  @Test
  void malformedEnvelopesAreRefusedBeforeDecrypting() {
    byte[] envelope = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(7));
    MalformedEnvelopeException tooShort = assertThrows(MalformedEnvelopeException.class,
        () -> Aes256Gcm.open(key, new byte[AesGcmEnvelope.OVERHEAD - 1], AAD));
    assertTrue(tooShort.getMessage().contains("at least 29 bytes"), tooShort.getMessage());
    assertThrows(MalformedEnvelopeException.class, () -> Aes256Gcm.open(key, new byte[0], AAD));
    byte[] version2 = envelope.clone();
    version2[0] = 2;
    MalformedEnvelopeException unknownVersion = assertThrows(MalformedEnvelopeException.class,
        () -> Aes256Gcm.open(key, version2, AAD));
    assertTrue(unknownVersion.getMessage().contains("version 2"), unknownVersion.getMessage());
  }

  @Test
  void nonceComesFromThePassedRandomnessSoSealsDiffer() throws MalformedEnvelopeException {
    byte[] first = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(8));
    byte[] replay = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(8));
    byte[] other = Aes256Gcm.seal(key, PLAINTEXT, AAD, new SeededSecureRandom(9));
    assertArrayEquals(first, replay);
    assertFalse(Arrays.equals(first, other));
    assertFalse(Arrays.equals(
        AesGcmEnvelope.parse(first).nonce(), AesGcmEnvelope.parse(other).nonce()));
  }

  @Test
  void keysCheckLengthCompareByValueAndHideTheirBytes() throws InvalidKeyException {
    assertThrows(InvalidKeyException.class, () -> Aes256GcmKey.create(new byte[16]));
    assertThrows(InvalidKeyException.class, () -> Aes256GcmKey.create(new byte[33]));
    byte[] bytes = key.exportKeyBytes();
    assertEquals(key, Aes256GcmKey.create(bytes));
    assertEquals(key.hashCode(), Aes256GcmKey.create(bytes).hashCode());
    assertNotEquals(key, Aes256GcmKey.generate(new SeededSecureRandom(10)));
    String hex = HexFormat.of().formatHex(bytes);
    assertFalse(key.toString().contains(hex.substring(0, 8)), key.toString());
    bytes[0] ^= 1;
    assertNotEquals(key, Aes256GcmKey.create(bytes), "exportKeyBytes must return a copy");
  }
}

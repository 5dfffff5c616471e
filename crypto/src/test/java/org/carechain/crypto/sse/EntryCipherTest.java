package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class EntryCipherTest {

  private final SeededSecureRandom random = new SeededSecureRandom(7);
  private final KeywordKeys keys = MasterKeys.generate(random).keywordKeys(SecurityLabel.N, "code=44054006");
  private final byte[] label = keys.label(1);

  @Test
  void roundTripsAddsAndDels() throws Exception {
    for (Posting posting : new Posting[] {
        Posting.add("Observation/1"), Posting.del("Observation/1"), Posting.add("x"),
        Posting.add("R".repeat(Posting.MAX_REF_LENGTH)), Posting.add(" ~!")}) {
      byte[] value = EntryCipher.seal(keys.encryptionKey(), label, posting, random);
      assertEquals(EntryCipher.NONCE_SIZE + 1 + posting.recordRef().length() + EntryCipher.TAG_SIZE, value.length);
      assertEquals(posting, EntryCipher.open(keys.encryptionKey(), label, value));
    }
  }

  @Test
  void sealingTwiceGivesDifferentValues() {
    Posting posting = Posting.add("Observation/1");
    byte[] first = EntryCipher.seal(keys.encryptionKey(), label, posting, random);
    byte[] second = EntryCipher.seal(keys.encryptionKey(), label, posting, random);
    assertFalse(Arrays.equals(first, second));
  }

  @Test
  void everyFlippedBitIsDetected() {
    byte[] value = EntryCipher.seal(keys.encryptionKey(), label, Posting.add("Observation/1"), random);
    for (int i = 0; i < value.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = value.clone();
        tampered[i] ^= (byte) (1 << bit);
        assertThrows(EntryDecryptionException.class, () -> EntryCipher.open(keys.encryptionKey(), label, tampered),
            "byte " + i + " bit " + bit);
      }
    }
  }

  @Test
  void valueUnderAnotherLabelOrKeyDoesNotOpen() {
    byte[] value = EntryCipher.seal(keys.encryptionKey(), label, Posting.add("Observation/1"), random);
    EntryDecryptionException moved = assertThrows(EntryDecryptionException.class,
        () -> EntryCipher.open(keys.encryptionKey(), keys.label(2), value));
    assertFalse(moved.getMessage().contains("Observation"));
    byte[] otherKey = MasterKeys.generate(random).keywordKeys(SecurityLabel.N, "code=44054006").encryptionKey();
    assertThrows(EntryDecryptionException.class, () -> EntryCipher.open(otherKey, label, value));
  }

  @Test
  void malformedValuesAndArgumentsAreRefused() {
    byte[] value = EntryCipher.seal(keys.encryptionKey(), label, Posting.add("Observation/1"), random);
    assertThrows(EntryDecryptionException.class,
        () -> EntryCipher.open(keys.encryptionKey(), label, Arrays.copyOf(value, EntryCipher.MIN_VALUE_SIZE - 1)));
    assertThrows(EntryDecryptionException.class,
        () -> EntryCipher.open(keys.encryptionKey(), label, new byte[EntryCipher.MAX_VALUE_SIZE + 1]));
    assertThrows(EntryDecryptionException.class, () -> EntryCipher.open(keys.encryptionKey(), label, Arrays.copyOf(value, value.length + 1)));
    assertThrows(IllegalArgumentException.class, () -> EntryCipher.open(new byte[16], label, value));
    assertThrows(IllegalArgumentException.class, () -> EntryCipher.open(keys.encryptionKey(), new byte[31], value));
    assertThrows(IllegalArgumentException.class,
        () -> EntryCipher.seal(keys.encryptionKey(), new byte[33], Posting.add("a"), random));
  }

  @Test
  void postingsAreCheckedWithoutEchoingTheRef() {
    assertThrows(IllegalArgumentException.class, () -> Posting.add(""));
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> Posting.add("Patient/secret".repeat(20)));
    assertFalse(tooLong.getMessage().contains("secret"));
    IllegalArgumentException notAscii = assertThrows(IllegalArgumentException.class,
        () -> Posting.add("Patient/Müller"));
    assertFalse(notAscii.getMessage().contains("Müller"));
    assertThrows(IllegalArgumentException.class, () -> Posting.add("a\nb"));
    assertFalse(Posting.add("Patient/42").toString().contains("42"));
    assertTrue(Posting.del("Patient/42").toString().contains("DEL"));
  }
}

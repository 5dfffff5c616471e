package org.carechain.crypto.sse;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens entry values: AES-256-GCM under the keyword's value key, with the entry's label
 * as associated data, so a value moved to another label (or another position of the keyword's
 * chain) no longer opens.
 *
 * <pre>
 * value     = nonce (12 random bytes) || AES-256-GCM(valueKey, nonce, plaintext, aad = label) (ciphertext || 16-byte tag)
 * plaintext = op code (1 byte: 0x01 ADD, 0x02 DEL) || record ref (1..128 bytes of printable ASCII)
 * </pre>
 *
 * A value is therefore 30 to 157 bytes, and its length reveals the record ref's length.
 *
 * <p>Stateless and thread-safe: each thread reuses its own {@link Cipher}, since creating one costs
 * a provider lookup, which would dominate the cost of sealing a 60-byte value. With random 96-bit
 * nonces one value key must not seal more than about 2<sup>32</sup> values (NIST SP 800-38D
 * section 8.3); one keyword has far fewer entries.
 */
public final class EntryCipher {

  /** Length of the nonce prefix. */
  public static final int NONCE_SIZE = 12;
  /** Length of the GCM tag. */
  public static final int TAG_SIZE = 16;
  /** The shortest valid value: nonce, op, a one-character ref and the tag. */
  public static final int MIN_VALUE_SIZE = NONCE_SIZE + 2 + TAG_SIZE;
  /** The longest valid value. */
  public static final int MAX_VALUE_SIZE = NONCE_SIZE + 1 + Posting.MAX_REF_LENGTH + TAG_SIZE;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_SIZE = 32;
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(EntryCipher::newCipher);

  private EntryCipher() {}

  /**
   * Encrypts {@code posting} for the entry with {@code label}, under a nonce drawn from
   * {@code random}.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes or the label not 32 bytes
   */
  public static byte[] seal(byte[] encKey, byte[] label, Posting posting, SecureRandom random) {
    checkKeyAndLabel(encKey, label);
    Objects.requireNonNull(posting, "posting");
    Objects.requireNonNull(random, "random");
    byte[] plaintext = plaintext(posting);
    byte[] value = new byte[NONCE_SIZE + plaintext.length + TAG_SIZE];
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, value, 0, NONCE_SIZE);
    return sealInto(encKey, label, plaintext, value);
  }

  /**
   * {@link #seal} with the nonce taken from {@code randomBytes} at {@code offset}: lets a batch
   * draw all its nonces with one call to its random source.
   */
  static byte[] seal(byte[] encKey, byte[] label, Posting posting, byte[] randomBytes, int offset) {
    checkKeyAndLabel(encKey, label);
    byte[] plaintext = plaintext(posting);
    byte[] value = new byte[NONCE_SIZE + plaintext.length + TAG_SIZE];
    System.arraycopy(randomBytes, offset, value, 0, NONCE_SIZE);
    return sealInto(encKey, label, plaintext, value);
  }

  private static byte[] plaintext(Posting posting) {
    String ref = posting.recordRef();
    byte[] plaintext = new byte[1 + ref.length()];
    plaintext[0] = posting.op().code();
    // Posting admits only printable ASCII, so each char is one byte.
    for (int i = 0; i < ref.length(); i++) {
      plaintext[1 + i] = (byte) ref.charAt(i);
    }
    return plaintext;
  }

  private static byte[] sealInto(byte[] encKey, byte[] label, byte[] plaintext, byte[] value) {
    SecretKeySpec key = new SecretKeySpec(encKey, "AES");
    GCMParameterSpec nonce = new GCMParameterSpec(8 * TAG_SIZE, value, 0, NONCE_SIZE);
    try {
      Cipher cipher = CIPHER.get();
      try {
        cipher.init(Cipher.ENCRYPT_MODE, key, nonce);
      } catch (InvalidAlgorithmParameterException e) {
        // A JDK Cipher refuses to encrypt under the key and nonce of its previous encryption. The
        // nonce comes from the caller's random, so this happens only when a test replays a seeded
        // random (or the random is broken, which the caller owns); a fresh Cipher has no memory of
        // it, so the value is still what the given randomness determines.
        cipher = newCipher();
        CIPHER.set(cipher);
        cipher.init(Cipher.ENCRYPT_MODE, key, nonce);
      }
      cipher.updateAAD(label);
      int written = cipher.doFinal(plaintext, 0, plaintext.length, value, NONCE_SIZE);
      if (written != plaintext.length + TAG_SIZE) {
        throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected " + (plaintext.length + TAG_SIZE));
      }
      return value;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts and parses a value sealed by {@link #seal} with the same key and label.
   *
   * @throws EntryDecryptionException if the value is malformed, altered, sealed under another key
   *     or bound to another label
   * @throws IllegalArgumentException if the key is not 32 bytes or the label not 32 bytes
   */
  public static Posting open(byte[] encKey, byte[] label, byte[] value) throws EntryDecryptionException {
    checkKeyAndLabel(encKey, label);
    return open(new SecretKeySpec(encKey, "AES"), label, value);
  }

  /** The value key as a key object, checked once and reused to open all of a keyword's entries. */
  static SecretKeySpec valueKey(byte[] encKey) {
    checkKeyAndLabel(encKey, new byte[Entry.LABEL_SIZE]);
    return new SecretKeySpec(encKey, "AES");
  }

  /** {@link #open(byte[], byte[], byte[])} with a key object from {@link #valueKey}. */
  static Posting open(SecretKeySpec valueKey, byte[] label, byte[] value) throws EntryDecryptionException {
    Objects.requireNonNull(value, "value");
    if (value.length < MIN_VALUE_SIZE || value.length > MAX_VALUE_SIZE) {
      throw new EntryDecryptionException("an entry value is " + MIN_VALUE_SIZE + " to " + MAX_VALUE_SIZE
          + " bytes, got " + value.length);
    }
    byte[] plaintext;
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, valueKey, new GCMParameterSpec(8 * TAG_SIZE, value, 0, NONCE_SIZE));
      cipher.updateAAD(label);
      plaintext = cipher.doFinal(value, NONCE_SIZE, value.length - NONCE_SIZE);
    } catch (AEADBadTagException e) {
      throw new EntryDecryptionException(
          "entry value does not authenticate: altered, under another label, or another keyword's key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
    Op op = Op.fromCode(plaintext[0]);
    if (op == null) {
      throw new EntryDecryptionException("entry plaintext has an unknown operation code");
    }
    for (int i = 1; i < plaintext.length; i++) {
      if (plaintext[i] < 0x20 || plaintext[i] > 0x7e) {
        throw new EntryDecryptionException("entry plaintext holds a record ref that is not printable ASCII");
      }
    }
    return new Posting(new String(plaintext, 1, plaintext.length - 1, StandardCharsets.US_ASCII), op);
  }

  private static void checkKeyAndLabel(byte[] encKey, byte[] label) {
    Objects.requireNonNull(encKey, "encKey");
    Objects.requireNonNull(label, "label");
    if (encKey.length != KEY_SIZE) {
      throw new IllegalArgumentException("a value key is " + KEY_SIZE + " bytes, got " + encKey.length);
    }
    if (label.length != Entry.LABEL_SIZE) {
      throw new IllegalArgumentException("an entry label is " + Entry.LABEL_SIZE + " bytes, got " + label.length);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " is not available in this JDK", e);
    }
  }
}

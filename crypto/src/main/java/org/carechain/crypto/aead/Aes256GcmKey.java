package org.carechain.crypto.aead;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key for {@link Aes256Gcm}.
 *
 * <p>{@link #toString()} shows no key material. Two keys are equal when their bytes are, compared
 * in constant time; {@link #hashCode()} is the same for every key so that it reveals nothing.
 */
public final class Aes256GcmKey {

  /** Length of the key in bytes. */
  public static final int SIZE = 32;

  private final byte[] key;

  private Aes256GcmKey(byte[] key) {
    this.key = key;
  }

  /** A fresh key drawn from {@code random}. */
  public static Aes256GcmKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] key = new byte[SIZE];
    random.nextBytes(key);
    return new Aes256GcmKey(key);
  }

  /**
   * The key with the given 32 bytes (copied).
   *
   * @throws InvalidKeyException if {@code keyBytes} is not 32 bytes long
   */
  public static Aes256GcmKey create(byte[] keyBytes) throws InvalidKeyException {
    Objects.requireNonNull(keyBytes, "keyBytes");
    if (keyBytes.length != SIZE) {
      throw new InvalidKeyException("an AES-256 key is " + SIZE + " bytes, got " + keyBytes.length);
    }
    return new Aes256GcmKey(keyBytes.clone());
  }

  /**
   * A copy of the secret key bytes, for wrapping the key under another key. The caller owns the
   * copy and should overwrite it when done.
   */
  public byte[] exportKeyBytes() {
    return key.clone();
  }

  SecretKeySpec secretKeySpec() {
    return new SecretKeySpec(key, "AES");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Aes256GcmKey that && MessageDigest.isEqual(key, that.key);
  }

  @Override
  public int hashCode() {
    return Aes256GcmKey.class.hashCode();
  }

  @Override
  public String toString() {
    return "Aes256GcmKey{redacted}";
  }
}

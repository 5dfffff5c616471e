package org.carechain.crypto.sse;

import java.security.MessageDigest;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * What an authorised user holds for one keyword under one security label: the keyword's tag, to
 * match the owner's statement, and its 32-byte value encryption key, to decrypt the entries the
 * server returns. It holds no label key, so the user cannot compute labels beyond those of the
 * token the owner issued: the entries added after that token stay unlinkable for the user too.
 *
 * <p>{@link #toString()} never shows the key; {@link #equals} compares it in constant time.
 */
public record UserKeywordKey(SecurityLabel label, Hash tag, byte[] encryptionKey) {

  /** Length of the encryption key in bytes. */
  public static final int KEY_SIZE = 32;

  /**
   * @throws IllegalArgumentException if the encryption key is not {@value #KEY_SIZE} bytes
   */
  public UserKeywordKey {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    if (encryptionKey.length != KEY_SIZE) {
      throw new IllegalArgumentException("a keyword encryption key is " + KEY_SIZE + " bytes");
    }
    encryptionKey = encryptionKey.clone();
  }

  /** A copy of the key; the caller should overwrite it when done. */
  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  /** The key itself, for this package's hot paths, which never hand it out. */
  byte[] encryptionKeyNoCopy() {
    return encryptionKey;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserKeywordKey that
        && label == that.label
        && tag.equals(that.tag)
        && MessageDigest.isEqual(encryptionKey, that.encryptionKey);
  }

  @Override
  public int hashCode() {
    return 31 * label.hashCode() + tag.hashCode();
  }

  @Override
  public String toString() {
    return "UserKeywordKey{label=" + label + ", tag=" + tag.toHex().substring(0, 16) + "...}";
  }
}

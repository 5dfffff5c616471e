package org.carechain.crypto.sse.oxt;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.aead.Aes256Gcm;
import org.carechain.crypto.aead.Aes256GcmKey;
import org.carechain.crypto.aead.MalformedEnvelopeException;

/**
 * K_e(w) = HMAC(K_T, w): the AES-256-GCM key of one keyword's OXT entries, which the owner gives
 * (wrapped to the user's certificate key) only to a user authorised to see the s-term's records.
 * The server never holds it. Shows no key material in {@code toString}.
 */
public final class OxtEntryKey {

  private final Aes256GcmKey key;

  private OxtEntryKey(Aes256GcmKey key) {
    this.key = key;
  }

  /**
   * The key of the given 32 bytes, as unwrapped by the user.
   *
   * @throws InvalidKeyException if {@code keyBytes} is not 32 bytes
   */
  public static OxtEntryKey create(byte[] keyBytes) throws InvalidKeyException {
    return new OxtEntryKey(Aes256GcmKey.create(keyBytes));
  }

  /** A copy of the key bytes, for wrapping to the user; the caller should overwrite it when done. */
  public byte[] exportKeyBytes() {
    return key.exportKeyBytes();
  }

  Aes256GcmKey aesKey() {
    return key;
  }

  /**
   * The record id in a verified entry. Verify first: this only proves that the entry was sealed
   * under this key and its own label.
   *
   * @throws AEADBadTagException if the entry was not sealed under this key with its label
   */
  public byte[] open(OxtMatch match) throws AEADBadTagException {
    Objects.requireNonNull(match, "match");
    byte[] value = match.entry().value();
    if (value.length <= EntryTokens.MASKED_Y_SIZE) {
      throw new AEADBadTagException("an OXT entry value is too short to hold a sealed id");
    }
    byte[] envelope = Arrays.copyOfRange(value, EntryTokens.MASKED_Y_SIZE, value.length);
    try {
      return Aes256Gcm.open(key, envelope, match.entry().label());
    } catch (MalformedEnvelopeException e) {
      throw new AEADBadTagException("an OXT entry value does not hold a sealed id");
    }
  }

  @Override
  public String toString() {
    return "OxtEntryKey[redacted]";
  }
}

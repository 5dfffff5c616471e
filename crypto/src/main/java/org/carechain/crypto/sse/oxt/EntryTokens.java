package org.carechain.crypto.sse.oxt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.carechain.crypto.Sha256;

/**
 * What one entry token τ_c = HMAC(stag_w, c) opens: the entry's TSet label
 * L_c = SHA-256("carechain/oxt/label/v1" || τ_c) and the mask of its y,
 * M_c = SHA-256("carechain/oxt/ymask/v1" || τ_c). The server stores L_c long before anyone
 * searches; it can unmask y_c only once a token hands it τ_c.
 *
 * <p>A TSet value is {@code (y_c XOR M_c) || AES-256-GCM(K_e(w), id, aad = L_c)}: 32 bytes, then
 * the envelope of {@link org.carechain.crypto.aead.Aes256Gcm}.
 */
final class EntryTokens {

  static final int TOKEN_SIZE = 32;
  static final int MASKED_Y_SIZE = OxtGroup.SCALAR_SIZE;

  private static final byte[] LABEL_DOMAIN = "carechain/oxt/label/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MASK_DOMAIN = "carechain/oxt/ymask/v1".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

  private EntryTokens() {}

  static byte[] token(byte[] stag, long counter) {
    return HmacPrf.once(stag, OxtKeys.counterBytes(counter));
  }

  static byte[] label(byte[] token) {
    return hash(LABEL_DOMAIN, token);
  }

  /** y XOR M_c, as 32 bytes. */
  static byte[] maskedY(byte[] token, BigInteger y) {
    byte[] out = OxtGroup.scalarBytes(y);
    xorMask(token, out);
    return out;
  }

  /**
   * The y of a TSet value.
   *
   * @return null if the value is too short or its unmasked y is not in [1, q − 1]
   */
  static BigInteger unmaskY(byte[] token, byte[] value) {
    if (value.length < MASKED_Y_SIZE) {
      return null;
    }
    byte[] y = Arrays.copyOf(value, MASKED_Y_SIZE);
    xorMask(token, y);
    return OxtGroup.scalarFromBytes(y);
  }

  private static void xorMask(byte[] token, byte[] target) {
    byte[] mask = hash(MASK_DOMAIN, token);
    for (int i = 0; i < MASKED_Y_SIZE; i++) {
      target[i] ^= mask[i];
    }
  }

  private static byte[] hash(byte[] domain, byte[] token) {
    MessageDigest sha = SHA256.get();
    sha.update(domain);
    sha.update(token);
    return sha.digest();
  }
}

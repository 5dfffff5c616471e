package org.carechain.crypto.sse.oxt;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under one fixed key, with one initialised {@link Mac} per thread so that hot loops
 * pay no provider lookup or key setup. Also the one-off HMAC under a key used once.
 */
final class HmacPrf {

  static final int OUTPUT_SIZE = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final ThreadLocal<Mac> ONE_OFF = ThreadLocal.withInitial(HmacPrf::newMac);

  private final ThreadLocal<Mac> mac;

  HmacPrf(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
    this.mac = ThreadLocal.withInitial(() -> initialised(newMac(), spec));
  }

  /** HMAC of the concatenation of {@code parts}. */
  byte[] apply(byte[]... parts) {
    Mac m = mac.get();
    for (byte[] part : parts) {
      m.update(part);
    }
    return m.doFinal();
  }

  /** The 64-byte expansion HMAC(0x01 || parts) || HMAC(0x02 || parts), for reduction to a scalar. */
  byte[] applyWide(byte[]... parts) {
    Mac m = mac.get();
    byte[] wide = new byte[2 * OUTPUT_SIZE];
    for (int block = 1; block <= 2; block++) {
      m.update((byte) block);
      for (byte[] part : parts) {
        m.update(part);
      }
      System.arraycopy(m.doFinal(), 0, wide, (block - 1) * OUTPUT_SIZE, OUTPUT_SIZE);
    }
    return wide;
  }

  /** HMAC under a key used for this one message. */
  static byte[] once(byte[] key, byte[]... parts) {
    Mac m = initialised(ONE_OFF.get(), new SecretKeySpec(key, ALGORITHM));
    for (byte[] part : parts) {
      m.update(part);
    }
    return m.doFinal();
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static Mac initialised(Mac m, SecretKeySpec key) {
    try {
      m.init(key);
      return m;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 refused its key", e);
    }
  }
}

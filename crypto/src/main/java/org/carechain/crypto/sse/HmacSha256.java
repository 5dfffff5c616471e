package org.carechain.crypto.sse;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 with one {@link Mac} per thread, since creating a Mac costs a provider lookup and
 * the derivations and labels of this package run on hot paths. Package-private: callers see only
 * the derived values.
 */
final class HmacSha256 {

  static final String ALGORITHM = "HmacSHA256";
  static final int SIZE = 32;

  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(HmacSha256::newMac);

  private HmacSha256() {}

  /** HMAC-SHA-256 of {@code message} under {@code key}. */
  static byte[] mac(byte[] key, byte[] message) {
    Mac mac = keyed(key);
    return mac.doFinal(message);
  }

  /**
   * The thread's Mac, keyed with {@code key}, for several messages in a row ({@code doFinal}
   * resets it to the same key). The caller must finish with it before calling any other method of
   * this class on the same thread.
   */
  static Mac keyed(byte[] key) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 refused a " + key.length + "-byte key", e);
    }
    return mac;
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      // Every Java SE platform must provide HmacSHA256 (Mac javadoc), so this is a broken JDK.
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}

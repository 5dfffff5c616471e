package org.carechain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Creates SHA-256 digests without a checked exception. */
public final class Sha256 {

  private Sha256() {}

  /**
   * A new SHA-256 {@link MessageDigest}. Digests are not thread-safe and cost a provider lookup to
   * create, so hot paths keep one per thread or per object.
   */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256 (MessageDigest javadoc), so this is a broken JDK.
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}

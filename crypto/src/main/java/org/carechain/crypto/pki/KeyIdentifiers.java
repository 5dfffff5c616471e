package org.carechain.crypto.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Key identifiers by RFC 5280 section 4.2.1.2, method 1: SHA-1 of the subjectPublicKey bits. The
 * same digest is the OCSP responder key hash (RFC 6960 section 4.2.1), which OpenSSL computes the
 * same way. SHA-1 here names a key, it does not protect one, so its collision weakness does not
 * matter.
 */
final class KeyIdentifiers {

  private KeyIdentifiers() {}

  static byte[] sha1(byte[] data) {
    return digest("SHA-1", data);
  }

  static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }
}

package org.carechain.crypto.sign;

import java.security.GeneralSecurityException;

/** Checks signatures with a public key. */
public interface PublicKeyVerify {

  /**
   * Returns normally only if {@code signature} is a valid signature of {@code data}.
   *
   * @throws GeneralSecurityException if it is not, including when it is malformed
   */
  void verify(byte[] signature, byte[] data) throws GeneralSecurityException;
}

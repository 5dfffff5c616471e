package org.carechain.crypto.escrow;

import java.security.GeneralSecurityException;

/**
 * Key shares or partial decryptions cannot be used, or their encoding is malformed: fewer partial
 * decryptions than the threshold, one officer's given twice, or bytes that are not a valid key
 * share, partial decryption or set of verification keys. The message names officer indices and
 * lengths, never scalars or points.
 */
public final class InvalidSharesException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public InvalidSharesException(String message) {
    super(message);
  }
}

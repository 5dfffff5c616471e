package org.carechain.crypto.escrow;

import java.security.GeneralSecurityException;

/**
 * Secret shares cannot be combined, or a share's encoding is malformed: too few shares for the
 * threshold, a repeated x coordinate, shares of different lengths or thresholds, or shares that do
 * not lie on one polynomial. The message names the x coordinates involved, never share values.
 */
public final class InvalidSharesException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public InvalidSharesException(String message) {
    super(message);
  }
}

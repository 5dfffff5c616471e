package org.carechain.consensus;

import java.security.GeneralSecurityException;

/** A commit certificate that does not prove its block was decided; the message says why. */
public final class InvalidCertificateException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public InvalidCertificateException(String message) {
    super(message);
  }
}

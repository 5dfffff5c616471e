package org.carechain.crypto.pki;

import java.security.GeneralSecurityException;

/**
 * Bytes or text that should hold a PKI object (a certificate, a certification request, a public
 * key) do not: bad DER or PEM, a wrong structure, or an algorithm this PKI does not accept. The
 * message says what is wrong and never contains any of the input.
 */
public final class MalformedPkiDataException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public MalformedPkiDataException(String message) {
    super(message);
  }

  public MalformedPkiDataException(String message, Throwable cause) {
    super(message, cause);
  }
}

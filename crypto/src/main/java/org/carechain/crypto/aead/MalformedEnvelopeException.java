package org.carechain.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * A byte string does not have the layout of the envelope it claims to be: too short, an unknown
 * version, or a wrong length. Thrown before any decryption is tried; the message names what is
 * wrong with the layout and never contains any of the bytes.
 */
public final class MalformedEnvelopeException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public MalformedEnvelopeException(String message) {
    super(message);
  }
}

package org.carechain.crypto.sse.oxt;

import java.security.GeneralSecurityException;

/**
 * A conjunctive search result, or a proof in it, failed verification: the server's answer must not
 * be used. The message says which check failed and names no keyword, record or key.
 */
public final class OxtVerificationException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public OxtVerificationException(String message) {
    super(message);
  }
}

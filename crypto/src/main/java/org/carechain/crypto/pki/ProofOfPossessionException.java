package org.carechain.crypto.pki;

import java.security.GeneralSecurityException;

/**
 * A certification request is well formed, but its signature does not verify under the public key
 * it carries: whoever sent it has not shown that they hold the matching private key.
 */
public final class ProofOfPossessionException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public ProofOfPossessionException(String message) {
    super(message);
  }
}

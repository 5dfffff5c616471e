package org.carechain.crypto.merkle;

import java.security.GeneralSecurityException;

/** A Merkle proof, or the sizes and hashes it was checked against, did not verify. */
public final class ProofVerificationException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public ProofVerificationException(String message) {
    super(message);
  }
}

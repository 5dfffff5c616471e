package org.carechain.crypto.sign;

import java.security.GeneralSecurityException;

/** Produces signatures with a private key. */
public interface PublicKeySign {

  /** Signs {@code data} and returns the signature. */
  byte[] sign(byte[] data) throws GeneralSecurityException;
}

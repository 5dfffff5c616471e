package org.carechain.crypto.escrow;

import java.security.GeneralSecurityException;

/**
 * An officer's partial decryption fails its check: its proof does not show that it was computed
 * with that officer's key share for this encapsulated key, or its index names no officer of the
 * dealing. {@link #index()} says whose it claims to be, so the combiner can drop it and ask that
 * officer again; the message never contains points, scalars or proof values.
 */
public final class InvalidPartialDecryptionException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  private final int index;

  public InvalidPartialDecryptionException(int index, String message) {
    super("partial decryption of officer " + index + ": " + message);
    this.index = index;
  }

  /** The officer index the partial decryption claims, 1..255. */
  public int index() {
    return index;
  }
}

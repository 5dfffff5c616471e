package org.carechain.crypto.sse;

import java.security.GeneralSecurityException;

/**
 * An entry value that does not open: altered, bound to another label, sealed under another key, or
 * not the layout {@link EntryCipher} writes. The message never contains key material, labels or
 * plaintext.
 */
public final class EntryDecryptionException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public EntryDecryptionException(String message) {
    super(message);
  }
}

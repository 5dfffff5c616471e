package org.carechain.crypto.sse;

import java.util.Objects;

/**
 * A search result that failed verification. {@link #check()} says which property failed, and the
 * message says how, plainly; neither ever contains key material, labels, values or keywords, so
 * both can be shown to the user and logged.
 */
public final class SearchVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The property a result must have before anything in it is decrypted. */
  public enum Check {
    /** The statement is the owner's: owner, key id, signature and keyword tag. */
    AUTHENTICITY,
    /** Every returned entry is the one the owner wrote at that position, unaltered, and no more. */
    VALIDITY,
    /** No entry is missing: the token, the statement and the result agree on the count. */
    COMPLETENESS,
    /** The statement is within its validity window and names the latest anchored epoch. */
    FRESHNESS
  }

  private final Check check;

  public SearchVerificationException(Check check, String message) {
    super(Objects.requireNonNull(check, "check").name().toLowerCase() + ": " + message);
    this.check = check;
  }

  /** Which check failed. */
  public Check check() {
    return check;
  }
}

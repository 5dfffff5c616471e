package org.carechain.ledger.core.verify;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** What a ledger served did not verify: the first {@link Check} that failed and why. */
public final class VerificationException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  private final Check check;

  public VerificationException(Check check, String reason) {
    super(reason);
    this.check = Objects.requireNonNull(check, "check");
  }

  public Check check() {
    return check;
  }

  /** Why the check failed; names sizes, heights, hashes and validator ids only. */
  public String reason() {
    return getMessage();
  }
}

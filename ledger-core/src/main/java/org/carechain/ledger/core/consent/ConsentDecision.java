package org.carechain.ledger.core.consent;

import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * The answer to an {@link AccessRequest}: permit or deny, the reason, and the consent transactions
 * it rests on, as of the consent state at {@code consentHeight}. Replaying
 * {@link ConsentPolicy#decide} over the patient's grants at that height gives it again.
 */
public record ConsentDecision(boolean permitted, Reason reason, List<Hash> basis, long consentHeight) {

  /** Why; each code names a rule of {@link ConsentPolicy}. Messages never carry request data. */
  public enum Reason {
    PERMITTED_BY_CONSENT(true, "a permit provision of the patient covers this access"),
    EMERGENCY_OVERRIDE(true, "break-the-glass: the requester declared an emergency (ETREAT); the access is recorded as OVERRIDE"),
    OWN_RECORDS(true, "the patient asks for their own records"),
    DENIED_BY_PATIENT(false, "a deny provision of the patient covers this access"),
    NO_CONSENT(false, "no consent provision of the patient covers this requester and resource type"),
    CONSENT_NOT_YET_VALID(false, "the consent covering this access starts later"),
    CONSENT_EXPIRED(false, "the consent covering this access has expired"),
    CONSENT_REVOKED(false, "the consent covering this access was revoked"),
    LABEL_NOT_COVERED(false, "the consent does not cover records of this security label"),
    PURPOSE_NOT_COVERED(false, "the consent does not cover this purpose of use"),
    OVERRIDE_NOT_ALLOWED(false, "only a clinician may declare an emergency, and only with purpose ETREAT");

    private final boolean permits;
    private final String message;

    Reason(boolean permits, String message) {
      this.permits = permits;
      this.message = message;
    }

    public boolean permits() {
      return permits;
    }

    public String message() {
      return message;
    }
  }

  public ConsentDecision {
    Objects.requireNonNull(reason, "reason");
    if (reason.permits() != permitted) {
      throw new IllegalArgumentException("reason " + reason + " does not go with permitted=" + permitted);
    }
    basis = List.copyOf(basis);
    if (consentHeight < 0) {
      throw new IllegalArgumentException("consent height must not be negative");
    }
  }
}

package org.carechain.ledger.core.consent;

import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;

/**
 * One question put to consent: may {@code requester} (with {@code requesterRole}), asking through
 * {@code requestingProvider}, see the patient's records of this type and label, for this purpose,
 * at this time?
 *
 * @param emergency break-the-glass: the requester declares an emergency (purpose ETREAT)
 */
public record AccessRequest(
    Hash patientRef,
    String requestingProvider,
    String requester,
    String requesterRole,
    String resourceType,
    SecurityLabel securityLabel,
    String purposeOfUse,
    boolean emergency,
    long atMillis) {

  /** HL7 PurposeOfUse: treatment. */
  public static final String TREAT = "TREAT";
  /** HL7 PurposeOfUse: emergency treatment, the purpose of break-the-glass. */
  public static final String ETREAT = "ETREAT";

  public AccessRequest {
    Objects.requireNonNull(patientRef, "patientRef");
    Ids.require(requestingProvider, "requesting provider");
    Ids.require(requester, "requester");
    Objects.requireNonNull(requesterRole, "requesterRole");
    ConsentGrant.requireResourceType(resourceType);
    Objects.requireNonNull(securityLabel, "securityLabel");
    ConsentGrant.requirePurpose(purposeOfUse);
    if (atMillis < 0) {
      throw new IllegalArgumentException("request time must not be negative");
    }
  }

  /** The same request about another type and label. */
  public AccessRequest about(String type, SecurityLabel label) {
    return new AccessRequest(patientRef, requestingProvider, requester, requesterRole, type, label, purposeOfUse,
        emergency, atMillis);
  }
}

package org.carechain.ledger.core.consent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.consent.ConsentDecision.Reason;

/**
 * The consent rules: a pure function of the patient's recorded grants, the height they are taken
 * at and the request. The same inputs give the same decision on every node and in every replay.
 *
 * <ol>
 *   <li>A patient asking for their own records is permitted ({@code OWN_RECORDS}).
 *   <li>An emergency declared by a clinician with purpose {@code ETREAT} is permitted whatever the
 *       consent says ({@code EMERGENCY_OVERRIDE}, recorded as an OVERRIDE access); declared by anyone
 *       else, or with another purpose, it is refused ({@code OVERRIDE_NOT_ALLOWED}).
 *   <li>A grant <em>applies</em> when it was committed at or below the height, names the requester
 *       (their provider or their own pseudonym), covers the resource type, the purpose and the
 *       security label, the request time is in its period, and it is not revoked at the height.
 *   <li>Deny wins: an applicable deny provision refuses ({@code DENIED_BY_PATIENT}); otherwise an
 *       applicable permit permits ({@code PERMITTED_BY_CONSENT}). The basis is every such grant.
 *   <li>Otherwise the refusal names the closest miss among the grants that name the requester and
 *       cover the type, in this order: label, purpose, revoked, expired, not yet valid; with none,
 *       {@code NO_CONSENT}. The basis is the grants that missed that way.
 * </ol>
 */
public final class ConsentPolicy {

  /** The role words of tokens, as {@code Roles} defines them. */
  public static final String PATIENT = "patient";
  public static final String CLINICIAN = "clinician";

  private static final List<Reason> MISS_ORDER = List.of(Reason.LABEL_NOT_COVERED, Reason.PURPOSE_NOT_COVERED,
      Reason.CONSENT_REVOKED, Reason.CONSENT_EXPIRED, Reason.CONSENT_NOT_YET_VALID);

  private ConsentPolicy() {}

  /**
   * Decides {@code request} on {@code grants} as of {@code consentHeight}.
   *
   * @param grants the patient's recorded grants (others are ignored), in any order
   * @param ownPatientRef the caller's own patient pseudonym when the caller is a patient; otherwise null
   */
  public static ConsentDecision decide(List<RecordedGrant> grants, long consentHeight, AccessRequest request,
      Hash ownPatientRef) {
    Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(request, "request");
    if (PATIENT.equals(request.requesterRole()) && !request.emergency() && request.patientRef().equals(ownPatientRef)) {
      return new ConsentDecision(true, Reason.OWN_RECORDS, List.of(), consentHeight);
    }
    if (request.emergency()) {
      boolean allowed = CLINICIAN.equals(request.requesterRole()) && AccessRequest.ETREAT.equals(request.purposeOfUse());
      return new ConsentDecision(allowed, allowed ? Reason.EMERGENCY_OVERRIDE : Reason.OVERRIDE_NOT_ALLOWED, List.of(),
          consentHeight);
    }
    List<Hash> denies = new ArrayList<>();
    List<Hash> permits = new ArrayList<>();
    Map<Reason, List<Hash>> misses = new EnumMap<>(Reason.class);
    for (RecordedGrant recorded : grants) {
      ConsentGrant grant = recorded.grant();
      if (recorded.height() > consentHeight || !grant.patientRef().equals(request.patientRef())
          || !grant.names(request.requestingProvider(), request.requester())
          || !grant.coversType(request.resourceType())) {
        continue;
      }
      Reason miss = miss(recorded, consentHeight, request);
      if (miss != null) {
        misses.computeIfAbsent(miss, r -> new ArrayList<>()).add(recorded.transactionHash());
      } else if (grant.provision() == ConsentGrant.Provision.DENY) {
        denies.add(recorded.transactionHash());
      } else {
        permits.add(recorded.transactionHash());
      }
    }
    if (!denies.isEmpty()) {
      return new ConsentDecision(false, Reason.DENIED_BY_PATIENT, sorted(denies), consentHeight);
    }
    if (!permits.isEmpty()) {
      return new ConsentDecision(true, Reason.PERMITTED_BY_CONSENT, sorted(permits), consentHeight);
    }
    for (Reason reason : MISS_ORDER) {
      List<Hash> missed = misses.get(reason);
      if (missed != null) {
        return new ConsentDecision(false, reason, sorted(missed), consentHeight);
      }
    }
    return new ConsentDecision(false, Reason.NO_CONSENT, List.of(), consentHeight);
  }

  /** Why a grant that names the requester and covers the type does not apply; null if it does. */
  private static Reason miss(RecordedGrant recorded, long consentHeight, AccessRequest request) {
    ConsentGrant grant = recorded.grant();
    if (!grant.coversLabel(request.securityLabel())) {
      return Reason.LABEL_NOT_COVERED;
    }
    if (!grant.coversPurpose(request.purposeOfUse())) {
      return Reason.PURPOSE_NOT_COVERED;
    }
    if (recorded.revokedAt(consentHeight)) {
      return Reason.CONSENT_REVOKED;
    }
    if (request.atMillis() >= grant.periodEndMillis()) {
      return Reason.CONSENT_EXPIRED;
    }
    if (request.atMillis() < grant.periodStartMillis()) {
      return Reason.CONSENT_NOT_YET_VALID;
    }
    return null;
  }

  private static List<Hash> sorted(List<Hash> hashes) {
    return hashes.stream().sorted().distinct().toList();
  }
}

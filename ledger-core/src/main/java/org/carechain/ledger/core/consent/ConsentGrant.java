package org.carechain.ledger.core.consent;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;

/**
 * One consent provision of a patient (FHIR R4 {@code Consent.provision}): permit or deny an actor
 * access to some of the patient's records, for some purposes, within a period. Every field is a
 * pseudonym, an id, a code or a time.
 *
 * @param resourceTypes FHIR types covered; empty for every type
 * @param securityLabels confidentiality codes covered; empty for {@link #DEFAULT_LABELS}
 * @param purposes HL7 PurposeOfUse codes covered; empty for any purpose
 * @param periodStartMillis inclusive
 * @param periodEndMillis exclusive; after the start
 */
public record ConsentGrant(
    Hash patientRef,
    String grantor,
    Provision provision,
    Actor actor,
    SortedSet<String> resourceTypes,
    Set<SecurityLabel> securityLabels,
    SortedSet<String> purposes,
    long periodStartMillis,
    long periodEndMillis,
    long grantedAtMillis) {

  /** What a grant without labels covers: everything up to normal; R and V must be named. */
  public static final Set<SecurityLabel> DEFAULT_LABELS =
      Collections.unmodifiableSet(EnumSet.of(SecurityLabel.U, SecurityLabel.L, SecurityLabel.M, SecurityLabel.N));

  /** Most resource types, labels or purposes one grant may list. */
  public static final int MAX_CODES = 32;

  static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
  static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z0-9]{1,15}");

  /** FHIR {@code Consent.provision.type}. */
  public enum Provision {
    PERMIT,
    DENY
  }

  /** FHIR {@code Consent.provision.actor}: a provider, or one clinician's certificate pseudonym. */
  public record Actor(Kind kind, String id) {
    public enum Kind {
      PROVIDER,
      CLINICIAN
    }

    public Actor {
      Objects.requireNonNull(kind, "actor kind");
      Ids.require(id, kind == Kind.PROVIDER ? "actor provider" : "actor clinician");
    }

    public static Actor provider(String id) {
      return new Actor(Kind.PROVIDER, id);
    }

    public static Actor clinician(String pseudonym) {
      return new Actor(Kind.CLINICIAN, pseudonym);
    }
  }

  public ConsentGrant {
    Objects.requireNonNull(patientRef, "patientRef");
    Ids.require(grantor, "grantor");
    Objects.requireNonNull(provision, "provision");
    Objects.requireNonNull(actor, "actor");
    resourceTypes = codes(resourceTypes, RESOURCE_TYPE, "resource type", "a FHIR type name such as Observation");
    Objects.requireNonNull(securityLabels, "securityLabels");
    if (securityLabels.size() > MAX_CODES) {
      throw new IllegalArgumentException("a grant lists at most " + MAX_CODES + " security labels");
    }
    securityLabels = securityLabels.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(SecurityLabel.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(securityLabels));
    purposes = codes(purposes, PURPOSE, "purpose of use", "an HL7 PurposeOfUse code such as TREAT");
    if (periodStartMillis < 0 || periodEndMillis <= periodStartMillis) {
      throw new IllegalArgumentException("period must start at or after 0 and end after it starts");
    }
    if (grantedAtMillis < 0) {
      throw new IllegalArgumentException("granted-at time must not be negative");
    }
  }

  /** Whether the grant is about this requester at this provider. */
  public boolean names(String requestingProvider, String requester) {
    return actor.kind() == Actor.Kind.PROVIDER ? actor.id().equals(requestingProvider) : actor.id().equals(requester);
  }

  public boolean coversType(String resourceType) {
    return resourceTypes.isEmpty() || resourceTypes.contains(resourceType);
  }

  public boolean coversLabel(SecurityLabel label) {
    return (securityLabels.isEmpty() ? DEFAULT_LABELS : securityLabels).contains(label);
  }

  public boolean coversPurpose(String purpose) {
    return purposes.isEmpty() || purposes.contains(purpose);
  }

  private static SortedSet<String> codes(Set<String> values, Pattern pattern, String what, String expected) {
    Objects.requireNonNull(values, what);
    if (values.size() > MAX_CODES) {
      throw new IllegalArgumentException("a grant lists at most " + MAX_CODES + " values of " + what);
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String value : values) {
      if (value == null || !pattern.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be " + expected);
      }
      sorted.add(value);
    }
    return Collections.unmodifiableSortedSet(sorted);
  }

  /** Checks a purpose-of-use code as requests carry it. */
  public static String requirePurpose(String purpose) {
    if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
      throw new IllegalArgumentException("purpose of use must be an HL7 PurposeOfUse code such as TREAT or ETREAT");
    }
    return purpose;
  }

  /** Checks a FHIR resource type name as requests carry it. */
  public static String requireResourceType(String type) {
    if (type == null || !RESOURCE_TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("resource type must be a FHIR type name such as Observation");
    }
    return type;
  }
}

package org.carechain.ledger.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.carechain.ledger.core.consent.ConsentDecision.Reason;
import org.carechain.ledger.core.consent.ConsentGrant.Actor;
import org.carechain.ledger.core.consent.ConsentGrant.Provision;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsentPolicyTest {

  static final Hash PATIENT = Hash.sha256("patient-a".getBytes());
  static final Hash OTHER_PATIENT = Hash.sha256("patient-b".getBytes());
  static final long DAY = 86_400_000L;
  static final long NOW = 1_790_000_000_000L;

  static ConsentGrant grant(Provision provision, Actor actor, Set<String> types, Set<SecurityLabel> labels,
      Set<String> purposes, long start, long end) {
    return new ConsentGrant(PATIENT, "ps-patient", provision, actor, new TreeSet<>(types), labels, new TreeSet<>(purposes),
        start, end, start);
  }

  static ConsentGrant permitHospital2(Set<String> types) {
    return grant(Provision.PERMIT, Actor.provider("hospital2"), types, Set.of(), Set.of(), NOW - DAY, NOW + DAY);
  }

  static RecordedGrant recorded(ConsentGrant grant, long height, String tx) {
    return RecordedGrant.active(Hash.sha256(tx.getBytes()), height, grant);
  }

  static AccessRequest clinicianAtHospital2(String type, SecurityLabel label) {
    return new AccessRequest(PATIENT, "hospital2", "ps-clinician", "clinician", type, label, "TREAT", false, NOW);
  }

  static ConsentDecision decide(List<RecordedGrant> grants, long height, AccessRequest request) {
    return ConsentPolicy.decide(grants, height, request, null);
  }

  /** The consent matrix: every cell is a grant situation and the decision it must give. */
  @Nested
  class Matrix {

    @Test
    void noGrantIsRefusedWithNoConsent() {
      ConsentDecision decision = decide(List.of(), 10, clinicianAtHospital2("Observation", SecurityLabel.N));
      assertFalse(decision.permitted());
      assertEquals(Reason.NO_CONSENT, decision.reason());
      assertEquals(List.of(), decision.basis());
    }

    @Test
    void grantToTheProviderPermitsAndNamesItself() {
      RecordedGrant g = recorded(permitHospital2(Set.of()), 3, "g1");
      ConsentDecision decision = decide(List.of(g), 10, clinicianAtHospital2("Observation", SecurityLabel.N));
      assertTrue(decision.permitted());
      assertEquals(Reason.PERMITTED_BY_CONSENT, decision.reason());
      assertEquals(List.of(g.transactionHash()), decision.basis());
      assertEquals(10, decision.consentHeight());
    }

    @Test
    void grantToAnotherProviderOrPatientDoesNotCount() {
      RecordedGrant toHospital3 = recorded(grant(Provision.PERMIT, Actor.provider("hospital3"), Set.of(), Set.of(),
          Set.of(), NOW - DAY, NOW + DAY), 3, "g1");
      ConsentGrant otherPatient = new ConsentGrant(OTHER_PATIENT, "ps-other", Provision.PERMIT, Actor.provider("hospital2"),
          new TreeSet<>(), Set.of(), new TreeSet<>(), NOW - DAY, NOW + DAY, NOW - DAY);
      ConsentDecision decision = decide(List.of(toHospital3, recorded(otherPatient, 3, "g2")), 10,
          clinicianAtHospital2("Observation", SecurityLabel.N));
      assertEquals(Reason.NO_CONSENT, decision.reason());
    }

    @Test
    void grantToTheClinicianPseudonymPermitsOnlyThatClinician() {
      RecordedGrant g = recorded(grant(Provision.PERMIT, Actor.clinician("ps-clinician"), Set.of(), Set.of(), Set.of(),
          NOW - DAY, NOW + DAY), 3, "g1");
      assertTrue(decide(List.of(g), 10, clinicianAtHospital2("Condition", SecurityLabel.N)).permitted());
      AccessRequest colleague = new AccessRequest(PATIENT, "hospital2", "ps-colleague", "clinician", "Condition",
          SecurityLabel.N, "TREAT", false, NOW);
      assertEquals(Reason.NO_CONSENT, decide(List.of(g), 10, colleague).reason());
    }

    @Test
    void resourceTypeOutsideTheGrantIsNoConsent() {
      RecordedGrant g = recorded(permitHospital2(Set.of("Observation")), 3, "g1");
      assertTrue(decide(List.of(g), 10, clinicianAtHospital2("Observation", SecurityLabel.N)).permitted());
      assertEquals(Reason.NO_CONSENT, decide(List.of(g), 10, clinicianAtHospital2("Condition", SecurityLabel.N)).reason());
    }

    @Test
    void expiredGrantIsRefusedAsExpiredWithItsTransaction() {
      RecordedGrant g = recorded(grant(Provision.PERMIT, Actor.provider("hospital2"), Set.of(), Set.of(), Set.of(),
          NOW - 2 * DAY, NOW - DAY), 3, "g1");
      ConsentDecision decision = decide(List.of(g), 10, clinicianAtHospital2("Observation", SecurityLabel.N));
      assertEquals(Reason.CONSENT_EXPIRED, decision.reason());
      assertEquals(List.of(g.transactionHash()), decision.basis());
    }

    @Test
    void periodEndIsExclusiveAndStartInclusive() {
      ConsentGrant g = grant(Provision.PERMIT, Actor.provider("hospital2"), Set.of(), Set.of(), Set.of(), NOW, NOW + 1);
      assertTrue(decide(List.of(recorded(g, 3, "g")), 10, clinicianAtHospital2("Observation", SecurityLabel.N)).permitted());
      AccessRequest atEnd = new AccessRequest(PATIENT, "hospital2", "ps-clinician", "clinician", "Observation",
          SecurityLabel.N, "TREAT", false, NOW + 1);
      assertEquals(Reason.CONSENT_EXPIRED, decide(List.of(recorded(g, 3, "g")), 10, atEnd).reason());
      AccessRequest before = new AccessRequest(PATIENT, "hospital2", "ps-clinician", "clinician", "Observation",
          SecurityLabel.N, "TREAT", false, NOW - 1);
      assertEquals(Reason.CONSENT_NOT_YET_VALID, decide(List.of(recorded(g, 3, "g")), 10, before).reason());
    }

    @Test
    void revokedAfterUsePermitsBeforeTheRevocationHeightAndRefusesFromIt() {
      RecordedGrant g = recorded(permitHospital2(Set.of()), 3, "g1");
      RecordedGrant revoked = g.revoke(new RecordedGrant.Revoked(Hash.sha256("r1".getBytes()), 7, NOW));
      AccessRequest request = clinicianAtHospital2("Observation", SecurityLabel.N);
      assertTrue(decide(List.of(revoked), 6, request).permitted(), "used before the revocation was committed");
      ConsentDecision after = decide(List.of(revoked), 7, request);
      assertEquals(Reason.CONSENT_REVOKED, after.reason());
      assertEquals(List.of(g.transactionHash()), after.basis());
    }

    @Test
    void grantCommittedAboveTheHeightDoesNotCountYet() {
      RecordedGrant g = recorded(permitHospital2(Set.of()), 11, "g1");
      assertEquals(Reason.NO_CONSENT, decide(List.of(g), 10, clinicianAtHospital2("Observation", SecurityLabel.N)).reason());
      assertTrue(decide(List.of(g), 11, clinicianAtHospital2("Observation", SecurityLabel.N)).permitted());
    }

    @Test
    void defaultLabelsCoverNormalButNotRestricted() {
      RecordedGrant g = recorded(permitHospital2(Set.of()), 3, "g1");
      for (SecurityLabel label : EnumSet.of(SecurityLabel.U, SecurityLabel.L, SecurityLabel.M, SecurityLabel.N)) {
        assertTrue(decide(List.of(g), 10, clinicianAtHospital2("Observation", label)).permitted(), label.name());
      }
      for (SecurityLabel label : EnumSet.of(SecurityLabel.R, SecurityLabel.V)) {
        ConsentDecision decision = decide(List.of(g), 10, clinicianAtHospital2("Observation", label));
        assertEquals(Reason.LABEL_NOT_COVERED, decision.reason(), label.name());
      }
    }

    @Test
    void restrictedLabelAllowedWhenNamed() {
      RecordedGrant g = recorded(grant(Provision.PERMIT, Actor.provider("hospital2"), Set.of(), Set.of(SecurityLabel.R),
          Set.of(), NOW - DAY, NOW + DAY), 3, "g1");
      assertTrue(decide(List.of(g), 10, clinicianAtHospital2("Observation", SecurityLabel.R)).permitted());
      assertEquals(Reason.LABEL_NOT_COVERED,
          decide(List.of(g), 10, clinicianAtHospital2("Observation", SecurityLabel.N)).reason(),
          "a grant that names labels covers only those");
    }

    @Test
    void purposeOutsideTheGrantIsRefused() {
      RecordedGrant g = recorded(grant(Provision.PERMIT, Actor.provider("hospital2"), Set.of(), Set.of(),
          Set.of("TREAT"), NOW - DAY, NOW + DAY), 3, "g1");
      AccessRequest research = new AccessRequest(PATIENT, "hospital2", "ps-clinician", "clinician", "Observation",
          SecurityLabel.N, "HRESCH", false, NOW);
      assertEquals(Reason.PURPOSE_NOT_COVERED, decide(List.of(g), 10, research).reason());
    }

    @Test
    void denyWinsOverPermit() {
      RecordedGrant permit = recorded(permitHospital2(Set.of()), 3, "g1");
      RecordedGrant deny = recorded(grant(Provision.DENY, Actor.clinician("ps-clinician"), Set.of("Condition"), Set.of(),
          Set.of(), NOW - DAY, NOW + DAY), 4, "g2");
      ConsentDecision decision = decide(List.of(permit, deny), 10, clinicianAtHospital2("Condition", SecurityLabel.N));
      assertEquals(Reason.DENIED_BY_PATIENT, decision.reason());
      assertEquals(List.of(deny.transactionHash()), decision.basis());
      assertTrue(decide(List.of(permit, deny), 10, clinicianAtHospital2("Observation", SecurityLabel.N)).permitted(),
          "the deny covers Condition only");
    }

    @Test
    void overrideByClinicianWithEtreatIsPermittedEvenAgainstADeny() {
      RecordedGrant deny = recorded(grant(Provision.DENY, Actor.provider("hospital2"), Set.of(), Set.of(), Set.of(),
          NOW - DAY, NOW + DAY), 4, "g2");
      AccessRequest emergency = new AccessRequest(PATIENT, "hospital2", "ps-clinician", "clinician", "Observation",
          SecurityLabel.V, "ETREAT", true, NOW);
      ConsentDecision decision = decide(List.of(deny), 10, emergency);
      assertTrue(decision.permitted());
      assertEquals(Reason.EMERGENCY_OVERRIDE, decision.reason());
    }

    @Test
    void overrideWithoutEtreatOrByAnotherRoleIsRefused() {
      AccessRequest treat = new AccessRequest(PATIENT, "hospital2", "ps-clinician", "clinician", "Observation",
          SecurityLabel.N, "TREAT", true, NOW);
      assertEquals(Reason.OVERRIDE_NOT_ALLOWED, decide(List.of(), 10, treat).reason());
      AccessRequest auditor = new AccessRequest(PATIENT, "hospital2", "ps-auditor", "auditor", "Observation",
          SecurityLabel.N, "ETREAT", true, NOW);
      assertEquals(Reason.OVERRIDE_NOT_ALLOWED, decide(List.of(), 10, auditor).reason());
    }

    @Test
    void patientGetsOwnRecordsButNotAnothers() {
      AccessRequest own = new AccessRequest(PATIENT, "hospital2", "ps-patient", "patient", "Observation",
          SecurityLabel.V, "PATRQT", false, NOW);
      assertEquals(Reason.OWN_RECORDS, ConsentPolicy.decide(List.of(), 10, own, PATIENT).reason());
      assertEquals(Reason.NO_CONSENT, ConsentPolicy.decide(List.of(), 10, own, OTHER_PATIENT).reason());
    }
  }

  @Test
  void grantsAreValidatedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> grant(Provision.PERMIT, Actor.provider("hospital2"),
        Set.of("observation"), Set.of(), Set.of(), NOW, NOW + 1));
    assertThrows(IllegalArgumentException.class, () -> grant(Provision.PERMIT, Actor.provider("hospital2"),
        Set.of(), Set.of(), Set.of("treat"), NOW, NOW + 1));
    assertThrows(IllegalArgumentException.class, () -> grant(Provision.PERMIT, Actor.provider("hospital2"),
        Set.of(), Set.of(), Set.of(), NOW, NOW));
    assertThrows(IllegalArgumentException.class, () -> Actor.clinician("has space"));
  }

  /**
   * Seeded property test: for random grant sets and requests, the decision does not depend on the
   * order of the grants; adding a deny never turns a refusal into a permit; revoking never turns a
   * refusal into a permit; and a permit always names only applicable permit grants.
   */
  @Test
  void seededProperties() {
    Random random = new Random(20261130L);
    List<String> types = List.of("Observation", "Condition", "MedicationRequest");
    List<String> providers = List.of("hospital1", "hospital2");
    List<String> clinicians = List.of("ps-c1", "ps-c2");
    for (int round = 0; round < 2_000; round++) {
      List<RecordedGrant> grants = new ArrayList<>();
      int count = random.nextInt(6);
      for (int i = 0; i < count; i++) {
        Actor actor = random.nextBoolean() ? Actor.provider(providers.get(random.nextInt(2)))
            : Actor.clinician(clinicians.get(random.nextInt(2)));
        Set<String> grantTypes = random.nextInt(3) == 0 ? Set.of() : Set.of(types.get(random.nextInt(3)));
        Set<SecurityLabel> labels = random.nextInt(3) == 0 ? Set.of(SecurityLabel.values()[random.nextInt(6)]) : Set.of();
        long start = NOW + (random.nextInt(5) - 3) * DAY;
        long end = start + (1 + random.nextInt(4)) * DAY;
        ConsentGrant g = grant(random.nextInt(4) == 0 ? Provision.DENY : Provision.PERMIT, actor, grantTypes, labels,
            random.nextInt(4) == 0 ? Set.of("HRESCH") : Set.of(), start, end);
        RecordedGrant r = recorded(g, 1 + random.nextInt(10), "r" + round + "-" + i);
        if (random.nextInt(4) == 0) {
          r = r.revoke(new RecordedGrant.Revoked(Hash.sha256(("x" + round + i).getBytes()), 1 + random.nextInt(12), NOW));
        }
        grants.add(r);
      }
      long height = 1 + random.nextInt(12);
      AccessRequest request = new AccessRequest(PATIENT, providers.get(random.nextInt(2)), clinicians.get(random.nextInt(2)),
          "clinician", types.get(random.nextInt(3)), SecurityLabel.values()[random.nextInt(6)], "TREAT", false, NOW);
      ConsentDecision decision = decide(grants, height, request);

      List<RecordedGrant> shuffled = new ArrayList<>(grants);
      Collections.shuffle(shuffled, random);
      assertEquals(decision, decide(shuffled, height, request), "order must not matter, round " + round);

      if (decision.permitted()) {
        for (Hash basis : decision.basis()) {
          RecordedGrant named = grants.stream().filter(g -> g.transactionHash().equals(basis)).findFirst().orElseThrow();
          assertEquals(Provision.PERMIT, named.grant().provision());
          assertFalse(named.revokedAt(height));
          assertTrue(named.height() <= height);
        }
        assertFalse(decision.basis().isEmpty());
      } else {
        List<RecordedGrant> withDeny = new ArrayList<>(grants);
        withDeny.add(recorded(grant(Provision.DENY, Actor.provider(request.requestingProvider()), Set.of(), Set.of(),
            Set.of(), NOW - DAY, NOW + DAY), 1, "deny" + round));
        assertFalse(decide(withDeny, height, request).permitted(), "a deny must not permit, round " + round);
        List<RecordedGrant> allRevoked = grants.stream()
            .map(g -> g.revoked().isPresent() ? g : g.revoke(new RecordedGrant.Revoked(Hash.sha256("rv".getBytes()), 1, NOW)))
            .toList();
        assertFalse(decide(allRevoked, height, request).permitted(), "revoking must not permit, round " + round);
      }
    }
  }
}

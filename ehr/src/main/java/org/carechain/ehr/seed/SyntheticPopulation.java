package org.carechain.ehr.seed;

import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.seed.CodeTables.Code;
import org.carechain.ehr.seed.CodeTables.Measurement;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A seeded, deterministic generator of synthetic patients and their records at several providers.
 *
 * <p>People come from one consortium-wide pool, numbered 0, 1, 2, ...; person {@code p} has an MPI
 * id and demographics that depend on the seed and {@code p} only, so they are the same at every
 * provider. Each provider holds each person with probability {@value #MEMBERSHIP}, independently:
 * its first {@code n} members are its {@code n} patients. Two providers of the same size therefore
 * share about 35% of their patients and three share about 12%, and a larger population of a provider
 * contains the smaller one.
 *
 * <p>A provider's records of a person (encounters, observations, conditions, medication requests, an
 * allergy and a diagnostic report) depend on the seed, the provider and the person. Each provider
 * fills optional important items with its own probabilities ({@link Completeness}), so record values
 * and item masks differ between providers. Conditions with sensitive findings carry the security
 * label R or V.
 *
 * <p>The same seed, provider and number of patients give the same resources, byte for byte. Names
 * and places come from a short list of obviously fictitious values; nothing describes a real person.
 */
public final class SyntheticPopulation {

  /** The probability that a provider holds a given person. */
  public static final double MEMBERSHIP = 0.35;

  /** Records are dated in the year before this instant (2025-06-01T00:00:00Z). */
  static final long RECORDS_UNTIL_MILLIS = 1_748_736_000_000L;

  private static final long PERSON_STREAM = 0x5045_5253_4f4eL;
  private static final long MEMBERSHIP_STREAM = 0x4d45_4d42_4552L;
  private static final long PROFILE_STREAM = 0x5052_4f46_494cL;

  private final long seed;

  public SyntheticPopulation(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** One of a provider's patients: a person of the pool, with the provider's local Patient id. */
  public record Member(long person, String mpiId, String localId) {
    @Override
    public String toString() {
      return "Member[" + localId + "]";
    }
  }

  /** The MPI id of person {@code person} of the pool: unique within the pool. */
  public String mpiId(long person) {
    // fmix64 is a bijection and seed + golden * person is injective in person, so ids never collide.
    return String.format("mpi-%016x", fmix64(seed + 0x9e37_79b9_7f4a_7c15L * (person + 1)));
  }

  /** The provider's first {@code patients} members of the pool, in pool order. */
  public List<Member> membersOf(String provider, int patients) {
    Objects.requireNonNull(provider, "provider");
    if (patients < 0) {
      throw new IllegalArgumentException("number of patients must not be negative, got " + patients);
    }
    long providerHash = providerHash(provider);
    List<Member> members = new ArrayList<>(patients);
    for (long person = 0; members.size() < patients; person++) {
      if (random(providerHash ^ MEMBERSHIP_STREAM, person).nextDouble() < MEMBERSHIP) {
        members.add(new Member(person, mpiId(person), "pat-" + (members.size() + 1)));
      }
    }
    return members;
  }

  /** Every resource of the provider's first {@code patients} patients, as one list. */
  public List<SyntheticResource> resources(String provider, int patients) {
    List<SyntheticResource> resources = new ArrayList<>();
    generate(provider, patients, resources::add);
    return resources;
  }

  /**
   * Hands every resource of the provider's first {@code patients} patients to {@code sink}, patient
   * by patient, each patient's Patient first.
   */
  public void generate(String provider, int patients, Consumer<SyntheticResource> sink) {
    IParser parser = Fhir.jsonParser();
    ClinicalFactory factory = new ClinicalFactory(provider, completenessOf(provider));
    long providerHash = providerHash(provider);
    for (Member member : membersOf(provider, patients)) {
      generatePatient(parser, factory, member, random(providerHash, member.person()), sink);
    }
  }

  /** How completely {@code provider} fills optional important items. */
  Completeness completenessOf(String provider) {
    return Completeness.draw(random(providerHash(provider) ^ PROFILE_STREAM, 0));
  }

  private void generatePatient(IParser parser, ClinicalFactory factory, Member member, SplittableRandom random,
      Consumer<SyntheticResource> sink) {
    String local = member.localId();
    Reference subject = PatientLinks.reference(local, member.mpiId());
    long registered = RECORDS_UNTIL_MILLIS - (300 + random.nextInt(65)) * ClinicalFactory.DAY_MILLIS
        - random.nextInt(86_400) * 1000L;
    emit(parser, sink, patient(factory, member, random), local, registered);

    int encounters = 1 + random.nextInt(3);
    int observations = 0;
    int conditions = 0;
    int medications = 0;
    List<Reference> labResults = new ArrayList<>();
    Reference lastEncounter = null;
    long lastVisit = registered;
    for (int e = 1; e <= encounters; e++) {
      long visit = registered + (e * 280L / encounters) * ClinicalFactory.DAY_MILLIS + random.nextInt(36_000) * 1000L;
      Code reason = random.nextInt(3) == 0 ? null : ClinicalFactory.pick(random, CodeTables.CONDITIONS);
      String encounterId = "enc-" + local + "-" + e;
      emit(parser, sink, factory.encounter(random, encounterId, subject.copy(), visit, reason), local, visit);
      Reference encounter = new Reference("Encounter/" + encounterId);
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        String id = "obs-" + local + "-" + ++observations;
        Measurement measurement = ClinicalFactory.pick(random, CodeTables.MEASUREMENTS);
        emit(parser, sink, factory.observation(random, id, subject.copy(), encounter.copy(), visit, measurement),
            local, visit);
        if (measurement.category().equals("laboratory")) {
          labResults.add(new Reference("Observation/" + id));
        }
      }
      if (e == 1 || random.nextInt(3) == 0) {
        emit(parser, sink, factory.condition(random, "cond-" + local + "-" + ++conditions, subject.copy(),
            encounter.copy(), visit), local, visit);
      }
      if (e == 1 || random.nextInt(2) == 0) {
        emit(parser, sink, factory.medicationRequest(random, "medreq-" + local + "-" + ++medications, subject.copy(),
            encounter.copy(), visit), local, visit);
      }
      lastEncounter = encounter;
      lastVisit = visit;
    }
    emit(parser, sink, factory.allergy(random, "allergy-" + local + "-1", subject.copy(), registered), local, registered);
    emit(parser, sink, factory.report(random, "report-" + local + "-1", subject.copy(), lastEncounter, lastVisit,
        labResults), local, lastVisit);
  }

  private Patient patient(ClinicalFactory factory, Member member, SplittableRandom random) {
    // Demographics belong to the person, the same at every provider; completeness to the provider.
    SplittableRandom person = random(PERSON_STREAM, member.person());
    String given = ClinicalFactory.pick(person, CodeTables.GIVEN_NAMES);
    String family = ClinicalFactory.pick(person, CodeTables.FAMILY_NAMES);
    boolean female = person.nextBoolean();
    long birthMillis = RECORDS_UNTIL_MILLIS - (365L * (1 + person.nextInt(90)) + person.nextInt(365)) * ClinicalFactory.DAY_MILLIS;
    String street = (1 + person.nextInt(200)) + " " + ClinicalFactory.pick(person, CodeTables.STREETS);
    String city = ClinicalFactory.pick(person, CodeTables.CITIES);
    String postalCode = String.format("00%03d", person.nextInt(1000));
    String phone = String.format("+1-555-01%02d", person.nextInt(100));

    Completeness completeness = factory.completeness();
    Patient patient = new Patient();
    patient.setId(member.localId());
    patient.addIdentifier(PatientLinks.mpiIdentifier(member.mpiId()));
    patient.addIdentifier(new Identifier().setSystem("urn:carechain:synthetic:mrn").setValue(member.localId()));
    patient.setActive(true);
    patient.addName().setFamily(family).addGiven(given);
    if (ClinicalFactory.chance(random, completeness.patientGender())) {
      patient.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
    }
    if (ClinicalFactory.chance(random, completeness.patientBirthDate())) {
      patient.setBirthDateElement(ClinicalFactory.date(birthMillis));
    }
    if (ClinicalFactory.chance(random, completeness.patientAddress())) {
      patient.addAddress(new Address().addLine(street).setCity(city).setPostalCode(postalCode).setCountry("ZZ"));
    }
    if (ClinicalFactory.chance(random, completeness.patientTelecom())) {
      patient.addTelecom(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone)
          .setUse(ContactPoint.ContactPointUse.HOME));
    }
    return patient;
  }

  private static void emit(IParser parser, Consumer<SyntheticResource> sink, Resource resource, String patientId,
      long lastUpdatedMillis) {
    long seconds = lastUpdatedMillis / 1000 * 1000;
    resource.getMeta().setVersionId("1").setLastUpdatedElement(ClinicalFactory.instant(seconds));
    sink.accept(new SyntheticResource(resource.fhirType(), resource.getIdElement().getIdPart(), 1, patientId,
        parser.encodeResourceToString(resource), seconds));
  }

  private SplittableRandom random(long stream, long index) {
    return new SplittableRandom(fmix64(seed ^ fmix64(stream ^ fmix64(index + 0x632b_e59b_d9b4_e019L))));
  }

  static long providerHash(String provider) {
    // FNV-1a over the UTF-8 bytes: stable across JVMs, unlike anything identity-based.
    long hash = 0xcbf2_9ce4_8422_2325L;
    for (byte b : provider.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100_0000_01b3L;
    }
    return hash;
  }

  /** MurmurHash3's 64-bit finaliser: a bijection that mixes every input bit into every output bit. */
  static long fmix64(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xff51_afd7_ed55_8ccdL;
    k ^= k >>> 33;
    k *= 0xc4ce_b9fe_1a85_ec53L;
    k ^= k >>> 33;
    return k;
  }
}

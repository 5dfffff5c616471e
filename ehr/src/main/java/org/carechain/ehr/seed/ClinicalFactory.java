package org.carechain.ehr.seed;

import static org.carechain.ehr.seed.CodeTables.LOINC;
import static org.carechain.ehr.seed.CodeTables.SNOMED;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.carechain.ehr.fhir.SecurityLabels;
import org.carechain.ehr.seed.CodeTables.Code;
import org.carechain.ehr.seed.CodeTables.Measurement;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds one clinical resource at a time with HAPI's R4 model, from a seeded random source. Shared
 * by the population generator and the change workload, so both make records of one shape.
 */
final class ClinicalFactory {

  static final long DAY_MILLIS = 86_400_000L;
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final Completeness completeness;
  private final String providerDisplay;
  private final String provider;


  ClinicalFactory(String provider, Completeness completeness) {
    this.provider = provider;
    this.completeness = completeness;
    this.providerDisplay = "Synthetic provider " + provider;
  }

  Completeness completeness() {
    return completeness;
  }

  Encounter encounter(SplittableRandom random, String id, Reference patient, long atMillis, Code reason) {
    Encounter encounter = new Encounter();
    encounter.setId(id);
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    Code type = pick(random, CodeTables.ENCOUNTER_CLASSES);
    encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", type.code(), type.display()));
    encounter.setSubject(patient);
    if (chance(random, completeness.encounterPeriod())) {
      long hours = type.code().equals("IMP") ? 24 + random.nextInt(24 * 6) : 1 + random.nextInt(3);
      encounter.setPeriod(new Period().setStartElement(dateTime(atMillis)).setEndElement(dateTime(atMillis + hours * 3_600_000L)));
    }
    if (reason != null && chance(random, completeness.encounterReason())) {
      encounter.addReasonCode(concept(SNOMED, reason));
    }
    if (chance(random, completeness.encounterServiceProvider())) {
      encounter.setServiceProvider(new Reference("Organization/" + provider).setDisplay(providerDisplay));
    }
    return encounter;
  }

  Condition condition(SplittableRandom random, String id, Reference patient, Reference encounter, long atMillis) {
    Code finding = pick(random, CodeTables.CONDITIONS);
    Condition condition = new Condition();
    condition.setId(id);
    condition.setSubject(patient);
    condition.setEncounter(encounter);
    condition.setVerificationStatus(concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"));
    if (chance(random, completeness.conditionCode())) {
      condition.setCode(concept(SNOMED, finding));
    }
    if (chance(random, completeness.conditionClinicalStatus())) {
      boolean active = random.nextInt(4) != 0;
      condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical",
          active ? "active" : "resolved", active ? "Active" : "Resolved"));
    }
    if (chance(random, completeness.conditionOnset())) {
      condition.setOnset(dateTime(atMillis - random.nextInt(3650) * DAY_MILLIS));
    }
    if (chance(random, completeness.conditionSeverity())) {
      condition.setSeverity(concept(SNOMED, pick(random, CodeTables.SEVERITIES)));
    }
    condition.setRecordedDateElement(dateTime(atMillis));
    if (finding.code().equals(CodeTables.VERY_RESTRICTED_CONDITION)) {
      label(condition, "V", "very restricted");
    } else if (finding.code().equals(CodeTables.RESTRICTED_CONDITION)) {
      label(condition, "R", "restricted");
    }
    return condition;
  }

  Observation observation(SplittableRandom random, String id, Reference patient, Reference encounter, long atMillis) {
    return observation(random, id, patient, encounter, atMillis, pick(random, CodeTables.MEASUREMENTS));
  }

  Observation observation(SplittableRandom random, String id, Reference patient, Reference encounter, long atMillis,
      Measurement measurement) {
    Observation observation = new Observation();
    observation.setId(id);
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(concept("http://terminology.hl7.org/CodeSystem/observation-category",
        measurement.category(), measurement.category().equals("laboratory") ? "Laboratory" : "Vital Signs"));
    observation.setCode(concept(LOINC, new Code(measurement.loinc(), measurement.display())));
    observation.setSubject(patient);
    observation.setEncounter(encounter);
    if (chance(random, completeness.observationEffective())) {
      observation.setEffective(dateTime(atMillis));
    }
    BigDecimal value = value(random, measurement);
    if (chance(random, completeness.observationValue())) {
      observation.setValue(new Quantity().setValue(value).setUnit(measurement.unit())
          .setSystem(CodeTables.UCUM).setCode(measurement.unit()));
    }
    if (chance(random, completeness.observationInterpretation())) {
      double number = value.doubleValue();
      String code = number < measurement.normalLow() ? "L" : number > measurement.normalHigh() ? "H" : "N";
      String display = switch (code) {
        case "L" -> "Low";
        case "H" -> "High";
        default -> "Normal";
      };
      observation.addInterpretation(concept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code, display));
    }
    return observation;
  }

  MedicationRequest medicationRequest(SplittableRandom random, String id, Reference patient, Reference encounter,
      long atMillis) {
    MedicationRequest request = new MedicationRequest();
    request.setId(id);
    request.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    request.setSubject(patient);
    request.setEncounter(encounter);
    Code drug = pick(random, CodeTables.MEDICATIONS);
    if (chance(random, completeness.medication())) {
      request.setMedication(concept(CodeTables.RXNORM, drug));
    }
    if (chance(random, completeness.medicationAuthoredOn())) {
      request.setAuthoredOnElement(dateTime(atMillis));
    }
    if (chance(random, completeness.medicationDosage())) {
      String dosage = drug.display().endsWith("Inhaler") ? CodeTables.INHALER_DOSAGE : pick(random, CodeTables.TABLET_DOSAGES);
      request.addDosageInstruction(new Dosage().setSequence(1).setText(dosage));
    }
    return request;
  }

  AllergyIntolerance allergy(SplittableRandom random, String id, Reference patient, long atMillis) {
    AllergyIntolerance allergy = new AllergyIntolerance();
    allergy.setId(id);
    allergy.setPatient(patient);
    allergy.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"));
    allergy.setRecordedDateElement(dateTime(atMillis));
    if (chance(random, completeness.allergyCode())) {
      allergy.setCode(concept(SNOMED, pick(random, CodeTables.ALLERGIES)));
    }
    if (chance(random, completeness.allergyCriticality())) {
      allergy.setCriticality(random.nextInt(3) == 0
          ? AllergyIntolerance.AllergyIntoleranceCriticality.HIGH
          : AllergyIntolerance.AllergyIntoleranceCriticality.LOW);
    }
    if (chance(random, completeness.allergyReaction())) {
      allergy.addReaction().addManifestation(concept(SNOMED, pick(random, CodeTables.REACTIONS)));
    }
    return allergy;
  }

  DiagnosticReport report(SplittableRandom random, String id, Reference patient, Reference encounter, long atMillis,
      List<Reference> results) {
    DiagnosticReport report = new DiagnosticReport();
    report.setId(id);
    report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
    report.setCode(concept(LOINC, pick(random, CodeTables.PANELS)));
    report.setSubject(patient);
    report.setEncounter(encounter);
    report.setIssuedElement(instant(atMillis));
    if (!results.isEmpty() && chance(random, completeness.reportResult())) {
      results.forEach(result -> report.addResult(result.copy()));
    }
    if (chance(random, completeness.reportConclusion())) {
      report.setConclusion(pick(random, CodeTables.CONCLUSIONS));
    }
    return report;
  }

  /** A date-time to the second, in UTC: the JVM's default zone would make output machine-dependent. */
  static DateTimeType dateTime(long millis) {
    return new DateTimeType(new Date(millis / 1000 * 1000), TemporalPrecisionEnum.SECOND, UTC);
  }

  /** An instant to the millisecond, in UTC. */
  static InstantType instant(long millis) {
    return new InstantType(new Date(millis), TemporalPrecisionEnum.MILLI, UTC);
  }

  /** A date, from the UTC day of {@code millis}. */
  static DateType date(long millis) {
    return new DateType(java.time.LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS)).toString());
  }

  /** Adds a confidentiality label to {@code resource}'s {@code meta.security}. */
  static void label(Resource resource, String code, String display) {
    resource.getMeta().addSecurity(new Coding(SecurityLabels.CONFIDENTIALITY_SYSTEM, code, display));
  }

  static BigDecimal value(SplittableRandom random, Measurement measurement) {
    double raw = measurement.low() + (measurement.high() - measurement.low()) * random.nextDouble();
    long scaled = Math.round(raw * Math.pow(10, measurement.decimals()));
    return BigDecimal.valueOf(scaled, measurement.decimals());
  }

  static boolean chance(SplittableRandom random, double probability) {
    return random.nextDouble() < probability;
  }

  static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static CodeableConcept concept(String system, Code code) {
    return concept(system, code.code(), code.display());
  }

  static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept(new Coding(system, code, display)).setText(display);
  }
}

package org.carechain.ehr.seed;

import java.util.SplittableRandom;

/**
 * How often one provider fills each optional important item: providers differ in their data
 * quality, so their records' item masks differ. Each probability is between 0.3 and 0.98.
 */
record Completeness(
    double patientGender, double patientBirthDate, double patientAddress, double patientTelecom,
    double encounterPeriod, double encounterReason, double encounterServiceProvider,
    double observationValue, double observationEffective, double observationInterpretation,
    double conditionCode, double conditionClinicalStatus, double conditionOnset, double conditionSeverity,
    double medication, double medicationDosage, double medicationAuthoredOn,
    double allergyCode, double allergyCriticality, double allergyReaction,
    double reportResult, double reportConclusion) {

  /** Every optional item filled with probability {@code p}. */
  static Completeness uniform(double p) {
    return new Completeness(p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p);
  }

  /** A provider's profile, drawn from {@code random}. */
  static Completeness draw(SplittableRandom random) {
    return new Completeness(p(random), p(random), p(random), p(random), p(random), p(random), p(random),
        p(random), p(random), p(random), p(random), p(random), p(random), p(random), p(random), p(random),
        p(random), p(random), p(random), p(random), p(random), p(random));
  }

  private static double p(SplittableRandom random) {
    return 0.3 + 0.68 * random.nextDouble();
  }
}

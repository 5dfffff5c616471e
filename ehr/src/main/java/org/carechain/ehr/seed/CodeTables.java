package org.carechain.ehr.seed;

import java.util.List;

/**
 * Small fixed tables of real, public terminology codes (LOINC, SNOMED CT, RxNorm, HL7) with their
 * display names, and of obviously fictitious names and places. Nothing here is about a real person.
 */
final class CodeTables {

  static final String LOINC = "http://loinc.org";
  static final String SNOMED = "http://snomed.info/sct";
  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  static final String UCUM = "http://unitsofmeasure.org";

  private CodeTables() {}

  record Code(String code, String display) {}

  /** An observation type with a plausible value range; {@code decimals} digits after the point. */
  record Measurement(String loinc, String display, String category, String unit, double low, double high,
      double normalLow, double normalHigh, int decimals) {}

  static final List<Measurement> MEASUREMENTS = List.of(
      new Measurement("8867-4", "Heart rate", "vital-signs", "/min", 48, 130, 60, 100, 0),
      new Measurement("8480-6", "Systolic blood pressure", "vital-signs", "mm[Hg]", 95, 185, 90, 130, 0),
      new Measurement("8462-4", "Diastolic blood pressure", "vital-signs", "mm[Hg]", 55, 115, 60, 85, 0),
      new Measurement("29463-7", "Body weight", "vital-signs", "kg", 45, 130, 0, 1000, 1),
      new Measurement("8302-2", "Body height", "vital-signs", "cm", 150, 200, 0, 1000, 1),
      new Measurement("39156-5", "Body mass index (BMI) [Ratio]", "vital-signs", "kg/m2", 17, 42, 18.5, 25, 1),
      new Measurement("8310-5", "Body temperature", "vital-signs", "Cel", 35.8, 39.5, 36.1, 37.5, 1),
      new Measurement("2339-0", "Glucose [Mass/volume] in Blood", "laboratory", "mg/dL", 65, 260, 70, 100, 0),
      new Measurement("718-7", "Hemoglobin [Mass/volume] in Blood", "laboratory", "g/dL", 9, 18, 12, 17.5, 1),
      new Measurement("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "laboratory", "mg/dL", 120, 300, 0, 200, 0),
      new Measurement("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "laboratory", "%", 4.5, 11, 4, 5.7, 1),
      new Measurement("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "laboratory", "mg/dL", 0.5, 2.5, 0.6, 1.3, 2));

  /** SNOMED CT clinical findings. */
  static final List<Code> CONDITIONS = List.of(
      new Code("44054006", "Diabetes mellitus type 2"),
      new Code("38341003", "Hypertensive disorder, systemic arterial"),
      new Code("195967001", "Asthma"),
      new Code("13645005", "Chronic obstructive lung disease"),
      new Code("55822004", "Hyperlipidemia"),
      new Code("49436004", "Atrial fibrillation"),
      new Code("53741008", "Coronary arteriosclerosis"),
      new Code("233604007", "Pneumonia"),
      new Code("69896004", "Rheumatoid arthritis"),
      new Code("35489007", "Depressive disorder"),
      new Code("86406008", "Human immunodeficiency virus infection"));

  /** Findings whose records a provider marks restricted (R) or very restricted (V). */
  static final String RESTRICTED_CONDITION = "35489007";
  static final String VERY_RESTRICTED_CONDITION = "86406008";

  static final List<Code> SEVERITIES = List.of(
      new Code("255604002", "Mild"), new Code("6736007", "Moderate"), new Code("24484000", "Severe"));

  /** RxNorm clinical drugs. */
  static final List<Code> MEDICATIONS = List.of(
      new Code("860975", "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet"),
      new Code("314076", "lisinopril 10 MG Oral Tablet"),
      new Code("197361", "amlodipine 5 MG Oral Tablet"),
      new Code("310798", "Hydrochlorothiazide 25 MG Oral Tablet"),
      new Code("313782", "Acetaminophen 325 MG Oral Tablet"),
      new Code("849574", "Naproxen sodium 220 MG Oral Tablet"),
      new Code("895994", "120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler"));

  static final List<String> TABLET_DOSAGES = List.of(
      "1 tablet by mouth once daily", "1 tablet by mouth twice daily", "2 tablets by mouth as needed");
  static final String INHALER_DOSAGE = "2 puffs inhaled twice daily";

  /** SNOMED CT allergy findings. */
  static final List<Code> ALLERGIES = List.of(
      new Code("91935009", "Allergy to peanuts"),
      new Code("91930004", "Allergy to eggs"),
      new Code("300916003", "Latex allergy"),
      new Code("419474003", "Allergy to mould"),
      new Code("232347008", "Dander (animal) allergy"),
      new Code("417532002", "Allergy to fish"));

  /** SNOMED CT reaction manifestations. */
  static final List<Code> REACTIONS = List.of(
      new Code("247472004", "Wheal"), new Code("271807003", "Eruption of skin"),
      new Code("49727002", "Cough"), new Code("39579001", "Anaphylaxis"));

  /** LOINC report panels. */
  static final List<Code> PANELS = List.of(
      new Code("51990-0", "Basic metabolic panel - Blood"),
      new Code("58410-2", "CBC panel - Blood by Automated count"),
      new Code("57698-3", "Lipid panel with direct LDL - Serum or Plasma"));

  static final List<String> CONCLUSIONS = List.of(
      "Within normal limits.", "Mildly abnormal; repeat in three months.", "Abnormal; clinician informed.");

  /** HL7 v3 ActCode encounter classes. */
  static final List<Code> ENCOUNTER_CLASSES = List.of(
      new Code("AMB", "ambulatory"), new Code("IMP", "inpatient encounter"), new Code("EMER", "emergency"));

  // Obviously made up: no real person is named, and no real place is meant.
  static final List<String> GIVEN_NAMES = List.of(
      "Testa", "Probus", "Fictia", "Exemplo", "Samplina", "Mockton", "Dummia", "Synthio", "Placeholda", "Fakir");
  static final List<String> FAMILY_NAMES = List.of(
      "Testperson", "Sampleton", "Fakename", "Mockwell", "Notreal", "Exampleby", "Synthson", "Dummington");
  static final List<String> STREETS = List.of("Example Street", "Sample Road", "Placeholder Lane", "Fiction Avenue");
  static final List<String> CITIES = List.of("Testville", "Sampletown", "Mockford", "Fictionburg");
}

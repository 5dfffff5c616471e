package org.carechain.ehr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechain.ehr.seed.SyntheticPopulation;
import org.carechain.ehr.seed.SyntheticResource;
import org.junit.jupiter.api.Test;

class SearchKeywordsTest {

  private static final String SNOMED = "http://snomed.info/sct";
  private static final String LOINC = "http://loinc.org";
  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  private static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

  /** Strings of the sample Patient and of the PHI around the sample Observation. */
  private static final List<String> PHI = List.of(
      "Testa", "Testperson", "MRN-4471", "mpi-93a1", "1961", "Example Street", "Testville", "00042",
      "+1-555-0142", "Quietly anxious", "Dr Mockwell", "OBS-99812");

  private static final String PATIENT = """
      {"resourceType": "Patient", "id": "p1",
       "identifier": [{"system": "urn:carechain:synthetic:mrn", "value": "MRN-4471"},
                      {"system": "urn:carechain:mpi", "value": "mpi-93a1"}],
       "name": [{"family": "Testperson", "given": ["Testa"]}],
       "gender": "female", "birthDate": "1961-04-02",
       "address": [{"line": ["12 Example Street"], "city": "Testville", "postalCode": "00042", "country": "ZZ"}],
       "telecom": [{"system": "phone", "value": "+1-555-0142", "use": "home"}],
       "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M"}]}}
      """;

  private static final String OBSERVATION = """
      {"resourceType": "Observation", "id": "obs1", "status": "final",
       "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]},
       "identifier": [{"system": "urn:lab", "value": "OBS-99812",
                       "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "FILL"}]}}],
       "extension": [{"url": "http://example.org/race", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2106-3"}}],
       "text": {"status": "generated", "div": "<div>Testa Testperson</div>"},
       "contained": [{"resourceType": "Patient", "id": "c1", "name": [{"family": "Testperson"}],
                      "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "S"}]}}],
       "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
       "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"}],
                "text": "Systolic blood pressure"},
       "subject": {"reference": "Patient/p1", "display": "Testa Testperson"},
       "performer": [{"display": "Dr Mockwell"}],
       "effectiveDateTime": "2024-05-12T10:00:00+02:00",
       "issued": "2024-06-01T08:00:00Z",
       "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "38341003", "display": "Hypertension"}]},
       "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                      "valueQuantity": {"value": 91, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}],
       "note": [{"text": "Quietly anxious"}]}
      """;

  @Test
  void anObservationGetsItsTypeDateAndEveryClinicalCode() {
    Set<String> keywords = SearchKeywords.extract("Observation", OBSERVATION);
    assertEquals(Set.of(
        "type=Observation", "date=2024", "date=2024-05",
        "code=laboratory", "code=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
        "code=8480-6", "code=" + LOINC + "|8480-6",
        "code=38341003", "code=" + SNOMED + "|38341003",
        "code=8462-4", "code=" + LOINC + "|8462-4"), keywords);
    assertEquals(List.of("type=Observation", "date=2024", "date=2024-05"), new ArrayList<>(keywords).subList(0, 3));
  }

  @Test
  void aConditionGetsSnomedAndIcd10AndItsOnsetDate() {
    String condition = """
        {"resourceType": "Condition", "id": "c1",
         "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
         "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006"},
                             {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}],
                  "text": "Type 2 diabetes"},
         "subject": {"reference": "Patient/p1"},
         "onsetDateTime": "2019-03", "recordedDate": "2024-01-15"}
        """;
    Set<String> keywords = SearchKeywords.extract("Condition", condition);
    assertTrue(keywords.containsAll(Set.of("type=Condition", "code=44054006", "code=" + SNOMED + "|44054006",
        "code=E11.9", "code=" + ICD10CM + "|E11.9", "date=2019", "date=2019-03",
        "code=active", "code=http://terminology.hl7.org/CodeSystem/condition-clinical|active")), keywords.toString());
    assertFalse(keywords.contains("date=2024"), "the onset is the clinical date, not the recorded date");
    assertEquals(9, keywords.size(), keywords.toString());
  }

  @Test
  void aMedicationRequestGetsItsRxNormCodeAndAuthoredOn() {
    String request = """
        {"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
         "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
             "code": "860975", "display": "24 HR Metformin hydrochloride 500 MG"}]},
         "subject": {"reference": "Patient/p1"}, "authoredOn": "2023-11-30T09:15:00Z",
         "dosageInstruction": [{"sequence": 1, "text": "1 tablet by mouth once daily"}]}
        """;
    assertEquals(Set.of("type=MedicationRequest", "code=860975", "code=" + RXNORM + "|860975",
        "date=2023", "date=2023-11"), SearchKeywords.extract("MedicationRequest", request));
  }

  @Test
  void aPatientGetsOnlyItsType() {
    assertEquals(Set.of("type=Patient"), SearchKeywords.extract("Patient", PATIENT));
  }

  @Test
  void noPersonalDataBecomesAKeyword() {
    List<String> all = new ArrayList<>(SearchKeywords.extract("Patient", PATIENT));
    all.addAll(SearchKeywords.extract("Observation", OBSERVATION));
    for (String keyword : all) {
      for (String phi : PHI) {
        assertFalse(keyword.contains(phi), "keyword " + keyword + " holds personal data");
      }
    }
    // Codes under meta, identifier, extension and a contained Patient are not clinical content.
    for (String code : List.of("code=R", "code=FILL", "code=2106-3", "code=S", "code=M", "code=mm[Hg]")) {
      assertFalse(all.contains(code), code);
    }
  }

  @Test
  void eachResourceTypeIsDatedByItsOwnClinicalDate() {
    assertEquals(Set.of("type=Encounter", "date=2022", "date=2022-07"), SearchKeywords.extract("Encounter",
        "{\"resourceType\":\"Encounter\",\"period\":{\"start\":\"2022-07-01T10:00:00Z\",\"end\":\"2022-08-01\"}}"));
    assertEquals(Set.of("type=DiagnosticReport", "date=2021", "date=2021-12"), SearchKeywords.extract(
        "DiagnosticReport", "{\"resourceType\":\"DiagnosticReport\",\"issued\":\"2021-12-31T23:59:59.123Z\"}"));
    assertEquals(Set.of("type=Procedure", "date=2020", "date=2020-02"), SearchKeywords.extract("Procedure",
        "{\"resourceType\":\"Procedure\",\"performedPeriod\":{\"start\":\"2020-02-29\"}}"));
    assertEquals(Set.of("type=Immunization", "date=2018"), SearchKeywords.extract("Immunization",
        "{\"resourceType\":\"Immunization\",\"occurrenceDateTime\":\"2018\"}"));
    assertEquals(Set.of("type=AllergyIntolerance", "date=2017", "date=2017-01"), SearchKeywords.extract(
        "AllergyIntolerance", "{\"resourceType\":\"AllergyIntolerance\",\"recordedDate\":\"2017-01-05\"}"));
    // A malformed date gives no bucket rather than a wrong one.
    assertEquals(Set.of("type=Observation"), SearchKeywords.extract("Observation",
        "{\"resourceType\":\"Observation\",\"effectiveDateTime\":\"2024-13-40\"}"));
  }

  @Test
  void malformedContentIsRefusedWithoutQuotingIt() {
    String secret = "Testperson-secret-9917";
    for (String json : List.of("{\"resourceType\":\"Observation\",\"note\":[{\"text\":\"" + secret + "\"",
        "{\"resourceType\": " + secret + "}", "[\"" + secret + "\"]", "\"" + secret + "\"", "", "null")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SearchKeywords.extract("Observation", json), json);
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertTrue(e.getCause() == null, "no cause whose message could quote the content");
    }
    assertThrows(IllegalArgumentException.class,
        () -> SearchKeywords.extract("Observation", "{\"resourceType\":\"Patient\"}"));
    assertThrows(IllegalArgumentException.class, () -> SearchKeywords.extract("observation; drop", "{}"));
  }

  @Test
  void keywordsAreBoundedInNumberAndLength() {
    StringBuilder codings = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      codings.append(i == 0 ? "" : ",").append("{\"system\":\"http://snomed.info/sct\",\"code\":\"").append(1000 + i).append("\"}");
    }
    String many = "{\"resourceType\":\"Observation\",\"effectiveDateTime\":\"2024-05-01\",\"code\":{\"coding\":["
        + codings + "]}}";
    Set<String> keywords = SearchKeywords.extract("Observation", many);
    assertEquals(SearchKeywords.MAX_KEYWORDS, keywords.size());
    assertTrue(keywords.containsAll(Set.of("type=Observation", "date=2024", "date=2024-05", "code=1000")));

    String longSystem = "http://example.org/" + "s".repeat(190);
    String longCode = "c".repeat(300);
    String json = "{\"resourceType\":\"Observation\",\"code\":{\"coding\":[{\"system\":\"" + longSystem
        + "\",\"code\":\"short\"},{\"system\":\"x\",\"code\":\"" + longCode + "\"}]}}";
    keywords = SearchKeywords.extract("Observation", json);
    assertEquals(Set.of("type=Observation", "code=short"), keywords, "over-long keywords are dropped, not cut");
    keywords.forEach(k -> assertTrue(k.length() <= SearchKeywords.MAX_KEYWORD_LENGTH));
  }

  /**
   * Every record the seeder makes for 100 patients: the demo conditions are findable, Patients give
   * only their type, and no name, identifier, birth date, address or phone of any seeded Patient is
   * ever part of a keyword.
   */
  @Test
  void seededRecordsAreIndexedByTheirCodesAndNeverByPersonalData() throws Exception {
    List<SyntheticResource> resources = new SyntheticPopulation(20_260_301L).resources("hospital1", 100);
    Map<String, Integer> recordsByKeyword = new HashMap<>();
    Set<String> personalData = new HashSet<>();
    Set<String> names = new HashSet<>();
    JsonMapper mapper = JsonMapper.builder().build();
    for (SyntheticResource resource : resources) {
      if (resource.resourceType().equals("Patient")) {
        collectPersonalData(mapper.readTree(resource.json()), personalData, names);
      }
    }
    assertTrue(personalData.size() > 200, "the seeded Patients carry names, ids and birth dates to look for");
    for (SyntheticResource resource : resources) {
      Set<String> keywords = SearchKeywords.extract(resource.resourceType(), resource.json());
      assertTrue(keywords.size() <= SearchKeywords.MAX_KEYWORDS);
      if (resource.resourceType().equals("Patient")) {
        assertEquals(Set.of("type=Patient"), keywords);
      }
      for (String keyword : keywords) {
        recordsByKeyword.merge(keyword, 1, Integer::sum);
        String value = keyword.substring(keyword.indexOf('=') + 1);
        assertFalse(personalData.contains(value) || personalData.contains(value.substring(value.lastIndexOf('|') + 1)),
            "a keyword is built from a Patient's personal data");
        names.forEach(name -> assertFalse(keyword.contains(name), "a keyword holds a Patient's name"));
      }
    }
    assertTrue(recordsByKeyword.getOrDefault("code=44054006", 0) > 0, "diabetes type 2 is findable");
    assertTrue(recordsByKeyword.getOrDefault("code=" + SNOMED + "|38341003", 0) > 0, "hypertension is findable");
    assertTrue(recordsByKeyword.getOrDefault("code=" + RXNORM + "|860975", 0) > 0, "metformin is findable");
    assertTrue(recordsByKeyword.getOrDefault("code=" + LOINC + "|4548-4", 0) > 0, "HbA1c is findable");
    assertEquals(100, recordsByKeyword.get("type=Patient"));
  }

  /** Names, identifier values, birth date, address and telecom strings of a Patient. */
  private static void collectPersonalData(JsonNode patient, Set<String> out, Set<String> names) {
    patient.path("name").forEach(name -> {
      names.add(name.path("family").asText());
      name.path("given").forEach(given -> names.add(given.asText()));
    });
    out.addAll(names);
    patient.path("identifier").forEach(identifier -> out.add(identifier.path("value").asText()));
    if (patient.has("birthDate")) {
      out.add(patient.get("birthDate").asText());
    }
    patient.path("address").forEach(address -> {
      address.path("line").forEach(line -> out.add(line.asText()));
      out.add(address.path("city").asText());
      out.add(address.path("postalCode").asText());
    });
    patient.path("telecom").forEach(telecom -> out.add(telecom.path("value").asText()));
    out.removeIf(String::isEmpty);
  }
}

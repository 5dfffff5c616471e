package org.carechain.ehr.fhir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Date;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

class ItemMasksTest {

  private final ItemMasks masks = new ItemMasks(DefaultImportantItems.catalog());

  @Test
  void observationBitsFollowTheCatalogOrderIncludingChoiceTypes() {
    // Observation: code (bit 0), value (1), effective (2), interpretation (3).
    Observation observation = new Observation();
    assertArrayEquals(new byte[] {0b0000}, masks.maskOf(observation));
    observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
    assertArrayEquals(new byte[] {0b0001}, masks.maskOf(observation));
    observation.setValue(new Quantity().setValue(new BigDecimal("72")));
    assertArrayEquals(new byte[] {0b0011}, masks.maskOf(observation));
    observation.setEffective(new DateTimeType("2025-01-02T03:04:05Z"));
    assertArrayEquals(new byte[] {0b0111}, masks.maskOf(observation));
    observation.addInterpretation(new CodeableConcept(new Coding("urn:x", "N", null)));
    assertArrayEquals(new byte[] {0b1111}, masks.maskOf(observation));
    observation.setCode(null);
    assertArrayEquals(new byte[] {0b1110}, masks.maskOf(observation));
  }

  @Test
  void patientAndMedicationRequestItems() {
    Patient patient = new Patient();
    patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.OTHER);
    patient.addTelecom().setValue("+1-555-0100");
    // birthDate (0), gender (1), address (2), telecom (3).
    assertArrayEquals(new byte[] {0b1010}, masks.maskOf(patient));
    MedicationRequest request = new MedicationRequest();
    request.setAuthoredOn(new Date(0));
    request.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "314076", null)));
    // medication (0), dosageInstruction (1), authoredOn (2).
    assertArrayEquals(new byte[] {0b101}, masks.maskOf(request));
    Encounter encounter = new Encounter();
    encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
    assertArrayEquals(new byte[] {0b0001}, masks.maskOf(encounter));
  }

  @Test
  void aTypeOutsideTheCatalogHasAnEmptyMask() {
    assertArrayEquals(new byte[0], masks.maskOf(new Organization().setName("x")));
  }

  @Test
  void moreThanEightItemsSpillIntoTheNextByte() {
    ItemCatalog.Builder builder = ItemCatalog.builder();
    ImportantItem[] items = new ImportantItem[10];
    for (int i = 0; i < 9; i++) {
      items[i] = new ImportantItem("never" + i, "name.where(text = 'never" + i + "')");
    }
    items[9] = new ImportantItem("gender", "gender");
    ItemMasks wide = new ItemMasks(builder.type("Patient", items).build());
    Patient patient = new Patient();
    assertArrayEquals(new byte[] {0, 0}, wide.maskOf(patient));
    patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
    assertArrayEquals(new byte[] {0, 0b10}, wide.maskOf(patient));
  }

  @Test
  void anExpressionThatFailsOnARecordNamesTheItemButNotTheContent() {
    // single() fails on a collection of two: the patient's two names.
    ItemMasks failing = new ItemMasks(ItemCatalog.builder()
        .type("Patient", new ImportantItem("onlyName", "name.family.single()")).build());
    Patient patient = new Patient();
    patient.addName().setFamily("Sampleton");
    patient.addName().setFamily("Mockwell");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> failing.maskOf(patient));
    assertTrue(e.getMessage().contains("Patient.onlyName"), e.getMessage());
    assertTrue(!e.getMessage().contains("Sampleton") && e.getCause() == null, e.getMessage());
  }

  @Test
  void anExpressionThatDoesNotParseIsRefusedAtConstruction() {
    ItemCatalog broken = ItemCatalog.builder().type("Patient", new ImportantItem("bad", "name.where(")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ItemMasks(broken));
    assertTrue(e.getMessage().contains("Patient.bad"), e.getMessage());
  }
}

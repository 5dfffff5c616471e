package org.carechain.ehr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class PatientLinksTest {

  @Test
  void aPatientCarriesItsMpiIdAmongOtherIdentifiers() {
    Patient patient = new Patient();
    patient.addIdentifier(new Identifier().setSystem("urn:other").setValue("x-1"));
    patient.addIdentifier(PatientLinks.mpiIdentifier("mpi-7"));
    assertEquals(Optional.of("mpi-7"), PatientLinks.mpiId(patient));
  }

  @Test
  void otherResourcesCarryItInSubjectOrPatient() {
    Observation observation = new Observation();
    observation.setSubject(PatientLinks.reference("p1", "mpi-8"));
    assertEquals(Optional.of("mpi-8"), PatientLinks.mpiId(observation));
    AllergyIntolerance allergy = new AllergyIntolerance();
    allergy.setPatient(PatientLinks.reference("p1", "mpi-9"));
    assertEquals(Optional.of("mpi-9"), PatientLinks.mpiId(allergy));
  }

  @Test
  void aLocalReferenceAloneOrAnotherSystemIsNoLink() {
    Observation local = new Observation();
    local.setSubject(new Reference("Patient/p1"));
    assertEquals(Optional.empty(), PatientLinks.mpiId(local));
    Observation otherSystem = new Observation();
    otherSystem.setSubject(new Reference("Patient/p1").setIdentifier(new Identifier().setSystem("urn:x").setValue("v")));
    assertEquals(Optional.empty(), PatientLinks.mpiId(otherSystem));
    Patient blank = new Patient();
    blank.addIdentifier(PatientLinks.mpiIdentifier(" "));
    assertEquals(Optional.empty(), PatientLinks.mpiId(blank));
    assertEquals(Optional.empty(), PatientLinks.mpiId(new Organization()));
  }

  @Test
  void theLinkSurvivesJson() {
    Observation observation = new Observation();
    observation.setSubject(PatientLinks.reference("p1", "mpi-10"));
    String json = Fhir.jsonParser().encodeResourceToString(observation);
    assertEquals(Optional.of("mpi-10"), PatientLinks.mpiId(Fhir.parse(json)));
  }
}

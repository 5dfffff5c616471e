package org.carechain.ehr.fhir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The consortium's patient identifier: the master patient index (MPI) id, the same for one person
 * at every provider.
 *
 * <p>A Patient carries it as an {@code identifier} of system {@value #MPI_SYSTEM}. Every other
 * resource names its patient by a reference that carries it as the reference's identifier, besides
 * the provider-local id:
 *
 * <pre>{@code "subject": {"reference": "Patient/<local id>",
 *             "identifier": {"system": "urn:carechain:mpi", "value": "<mpi id>"}}}</pre>
 *
 * <p>The reference is {@code subject}, or {@code patient} for AllergyIntolerance (and any other type
 * whose patient element has that name).
 */
public final class PatientLinks {

  /** The identifier system of MPI ids. */
  public static final String MPI_SYSTEM = "urn:carechain:mpi";

  private static final List<String> PATIENT_ELEMENTS = List.of("subject", "patient");

  private PatientLinks() {}

  /** The MPI id of the patient {@code resource} is about, if it carries one. */
  public static Optional<String> mpiId(IBaseResource resource) {
    Objects.requireNonNull(resource, "resource");
    if (resource instanceof Patient patient) {
      return mpiIdIn(patient.getIdentifier());
    }
    if (resource instanceof AllergyIntolerance allergy) {
      return mpiIdOf(allergy.getPatient());
    }
    if (resource instanceof Resource typed) {
      for (String element : PATIENT_ELEMENTS) {
        Optional<String> found = mpiIdOfElement(typed, element);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** A reference to the patient with local id {@code localPatientId} and MPI id {@code mpiId}. */
  public static Reference reference(String localPatientId, String mpiId) {
    return new Reference("Patient/" + localPatientId).setIdentifier(mpiIdentifier(mpiId));
  }

  /** The identifier a Patient carries for its MPI id. */
  public static Identifier mpiIdentifier(String mpiId) {
    return new Identifier().setSystem(MPI_SYSTEM).setValue(mpiId);
  }

  private static Optional<String> mpiIdOfElement(Resource resource, String element) {
    Base[] values;
    try {
      values = resource.getProperty(element.hashCode(), element, false);
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      return Optional.empty();
    }
    if (values == null) {
      return Optional.empty();
    }
    for (Base value : values) {
      if (value instanceof Reference reference) {
        Optional<String> found = mpiIdOf(reference);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> mpiIdOf(Reference reference) {
    return reference.hasIdentifier() ? mpiIdIn(List.of(reference.getIdentifier())) : Optional.empty();
  }

  private static Optional<String> mpiIdIn(List<Identifier> identifiers) {
    for (Identifier identifier : identifiers) {
      if (MPI_SYSTEM.equals(identifier.getSystem()) && identifier.hasValue() && !identifier.getValue().isBlank()) {
        return Optional.of(identifier.getValue());
      }
    }
    return Optional.empty();
  }
}

package org.carechain.ehr.seed;

import java.util.Objects;

/**
 * One generated FHIR resource, ready for a {@code fhir_resource} row. Synthetic, but shaped like
 * health data: {@link #toString()} shows only its type and version.
 *
 * @param json HAPI's JSON of the resource (not yet PostgreSQL's jsonb text of it)
 * @param patientId the provider-local id of its patient (its own id for a Patient)
 */
public record SyntheticResource(
    String resourceType, String id, int version, String patientId, String json, long lastUpdatedMillis) {

  public SyntheticResource {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(json, "json");
  }

  @Override
  public String toString() {
    return "SyntheticResource[" + resourceType + " v" + version + "]";
  }
}

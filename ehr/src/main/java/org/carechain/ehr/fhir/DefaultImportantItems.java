package org.carechain.ehr.fhir;

import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;

/**
 * A starting catalog of important items per FHIR R4 resource type, which a new consortium's
 * genesis carries and then edits. Each item is an element whose presence the item mask records.
 */
public final class DefaultImportantItems {

  private DefaultImportantItems() {}

  public static ItemCatalog catalog() {
    return ItemCatalog.builder()
        .type("Patient", item("birthDate"), item("gender"), item("address"), item("telecom"))
        .type("Encounter", item("class"), item("period"), item("reasonCode"), item("serviceProvider"))
        .type("Observation", item("code"), item("value"), item("effective"), item("interpretation"))
        .type("Condition", item("code"), item("clinicalStatus"), item("onset"), item("severity"))
        .type("MedicationRequest", item("medication"), item("dosageInstruction"), item("authoredOn"))
        .type("AllergyIntolerance", item("code"), item("criticality"), item("reaction"))
        .type("DiagnosticReport", item("code"), item("result"), item("conclusion"))
        .build();
  }

  private static ImportantItem item(String element) {
    return new ImportantItem(element, element);
  }
}

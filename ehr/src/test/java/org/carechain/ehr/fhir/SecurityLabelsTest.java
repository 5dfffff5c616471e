package org.carechain.ehr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;

class SecurityLabelsTest {

  @Test
  void noLabelIsNormal() {
    assertEquals(SecurityLabel.N, SecurityLabels.of(new Condition()));
  }

  @Test
  void eachConfidentialityCodeMapsToItsLabel() {
    for (SecurityLabel label : SecurityLabel.values()) {
      assertEquals(label, SecurityLabels.of(labelled(label.name())), label.name());
    }
  }

  @Test
  void theMostRestrictiveWinsWhateverTheOrder() {
    assertEquals(SecurityLabel.V, SecurityLabels.of(labelled("R", "V", "N")));
    assertEquals(SecurityLabel.R, SecurityLabels.of(labelled("L", "R", "M")));
    // Below normal is still a label: an explicit L is less restricted than the default N.
    assertEquals(SecurityLabel.L, SecurityLabels.of(labelled("L")));
  }

  @Test
  void otherSystemsAndUnknownCodesArePassedOver() {
    Condition condition = labelled("R");
    condition.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "V", null));
    condition.getMeta().addSecurity(new Coding(SecurityLabels.CONFIDENTIALITY_SYSTEM, "X", null));
    condition.getMeta().addSecurity(new Coding(SecurityLabels.CONFIDENTIALITY_SYSTEM, "v", null));
    assertEquals(SecurityLabel.R, SecurityLabels.of(condition));
    Condition unknownOnly = new Condition();
    unknownOnly.getMeta().addSecurity(new Coding(SecurityLabels.CONFIDENTIALITY_SYSTEM, "X", null));
    assertEquals(SecurityLabel.N, SecurityLabels.of(unknownOnly));
  }

  @Test
  void theJsonReadingAgreesWithTheModelReading() {
    java.util.List<Condition> cases = new java.util.ArrayList<>(java.util.List.of(new Condition(), labelled("R", "V", "N"),
        labelled("L", "R", "M"), labelled("L")));
    for (SecurityLabel label : SecurityLabel.values()) {
      cases.add(labelled(label.name()));
    }
    Condition mixed = labelled("R");
    mixed.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "V", null));
    mixed.getMeta().addSecurity(new Coding(SecurityLabels.CONFIDENTIALITY_SYSTEM, "X", null));
    cases.add(mixed);
    for (Condition condition : cases) {
      String json = Fhir.jsonParser().encodeResourceToString(condition);
      assertEquals(SecurityLabels.of(condition), SecurityLabels.ofJson(json), json);
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SecurityLabels.ofJson("[1]"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SecurityLabels.ofJson("{"));
  }

  private static Condition labelled(String... codes) {
    Condition condition = new Condition();
    for (String code : codes) {
      condition.getMeta().addSecurity(new Coding(SecurityLabels.CONFIDENTIALITY_SYSTEM, code, null));
    }
    return condition;
  }
}

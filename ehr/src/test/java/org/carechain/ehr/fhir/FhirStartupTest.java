package org.carechain.ehr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.fhir.parser.DataFormatException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** Parsing and FHIRPath work with HAPI's Saxon, okhttp, okio and kotlin jars left out. */
class FhirStartupTest {

  @Test
  void theExcludedJarsAreNotOnTheClassPath() {
    for (String name : List.of("net.sf.saxon.s9api.Processor", "okhttp3.OkHttpClient", "okio.Buffer",
        "kotlin.Unit", "org.xmlresolver.Resolver")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " should be excluded");
    }
  }

  @Test
  void parsesAndEvaluatesFhirPathWithoutThem() {
    Observation observation = (Observation) Fhir.parse("""
        {"resourceType":"Observation","id":"o1","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
         "valueQuantity":{"value":72,"unit":"/min"}}""");
    assertEquals("8867-4", observation.getCode().getCodingFirstRep().getCode());
    List<IBase> value = Fhir.context().newFhirPath().evaluate(observation, "value", IBase.class);
    assertEquals(1, value.size());
    List<IBase> comparison = Fhir.context().newFhirPath().evaluate(observation, "value.value > 70", IBase.class);
    assertEquals("true", ((IPrimitiveType<?>) comparison.get(0)).getValueAsString());
  }

  @Test
  void oneSharedContext() {
    assertSame(Fhir.context(), Fhir.context());
  }

  @Test
  void anUnknownResourceTypeDoesNotParse() {
    assertThrows(DataFormatException.class, () -> Fhir.parse("{\"resourceType\":\"NoSuchThing\"}"));
    assertThrows(DataFormatException.class, () -> Fhir.parse("not json"));
  }
}

package org.carechain.ehr.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.carechain.ehr.fhir.DefaultImportantItems;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.ItemMasks;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.fhir.SecurityLabels;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

class SyntheticPopulationTest {

  @Test
  void sameSeedGivesIdenticalJson() {
    List<SyntheticResource> first = new SyntheticPopulation(42).resources("hospital1", 60);
    List<SyntheticResource> second = new SyntheticPopulation(42).resources("hospital1", 60);
    assertEquals(first, second);
    assertTrue(first.size() >= 60 * 7, "every patient has at least seven resources, got " + first.size());
  }

  @Test
  void differentSeedGivesDifferentResources() {
    List<SyntheticResource> first = new SyntheticPopulation(42).resources("hospital1", 30);
    List<SyntheticResource> other = new SyntheticPopulation(43).resources("hospital1", 30);
    assertNotEquals(jsonOf(first), jsonOf(other));
    assertNotEquals(new SyntheticPopulation(42).membersOf("hospital1", 30),
        new SyntheticPopulation(43).membersOf("hospital1", 30));
  }

  @Test
  void aLargerPopulationOfAProviderStartsWithTheSmallerOne() {
    SyntheticPopulation population = new SyntheticPopulation(7);
    List<SyntheticResource> small = population.resources("clinic", 20);
    List<SyntheticResource> large = population.resources("clinic", 40);
    assertEquals(small, large.subList(0, small.size()));
  }

  @Test
  void providersShareSomePatientsAndAllThreeShareAFew() {
    SyntheticPopulation population = new SyntheticPopulation(42);
    Set<String> one = mpiIds(population.membersOf("hospital1", 2000));
    Set<String> two = mpiIds(population.membersOf("hospital2", 2000));
    Set<String> three = mpiIds(population.membersOf("clinic3", 2000));
    Set<String> oneAndTwo = intersection(one, two);
    Set<String> all = intersection(oneAndTwo, three);
    // Membership probability 0.35 each: about 700 shared by two and 245 by all three.
    assertTrue(oneAndTwo.size() > 500 && oneAndTwo.size() < 900, "hospital1 and hospital2 share " + oneAndTwo.size());
    assertTrue(all.size() > 150 && all.size() < 350, "all three share " + all.size());
  }

  @Test
  void aSharedPatientHasTheSameMpiIdAndDemographicsAtEveryProvider() {
    SyntheticPopulation population = new SyntheticPopulation(42);
    Map<String, String> nameAtOne = namesByMpiId(population.resources("hospital1", 200));
    Map<String, String> nameAtTwo = namesByMpiId(population.resources("hospital2", 200));
    Set<String> shared = intersection(nameAtOne.keySet(), nameAtTwo.keySet());
    assertTrue(shared.size() > 20, "shared " + shared.size());
    for (String mpiId : shared) {
      assertEquals(nameAtOne.get(mpiId), nameAtTwo.get(mpiId));
    }
  }

  @Test
  void everyResourceParsesAsItsTypeAndLinksToItsPatientByMpiId() {
    SyntheticPopulation population = new SyntheticPopulation(5);
    Set<String> members = mpiIds(population.membersOf("hospital2", 80));
    Set<String> types = new HashSet<>();
    for (SyntheticResource resource : population.resources("hospital2", 80)) {
      IBaseResource parsed = Fhir.parse(resource.json());
      assertEquals(resource.resourceType(), parsed.fhirType());
      assertEquals(resource.id(), parsed.getIdElement().getIdPart());
      assertEquals("1", parsed.getMeta().getVersionId());
      String mpiId = PatientLinks.mpiId(parsed).orElseThrow(() -> new AssertionError(resource + " has no MPI link"));
      assertTrue(members.contains(mpiId), resource + " links to a patient the provider does not hold");
      types.add(resource.resourceType());
    }
    assertEquals(Set.of("Patient", "Encounter", "Observation", "Condition", "MedicationRequest",
        "AllergyIntolerance", "DiagnosticReport"), types);
  }

  @Test
  void completenessDiffersBetweenProvidersSoDoMasks() {
    ItemMasks masks = new ItemMasks(DefaultImportantItems.catalog());
    SyntheticPopulation population = new SyntheticPopulation(42);
    Map<String, Map<Integer, Integer>> one = maskHistogram(masks, population.resources("hospital1", 300));
    Map<String, Map<Integer, Integer>> two = maskHistogram(masks, population.resources("hospital2", 300));
    assertNotEquals(one, two);
    // Within a provider, records of one type differ too: optional items are sometimes left out.
    assertTrue(one.get("Patient").size() > 1, "Patient masks at hospital1: " + one.get("Patient"));
    assertTrue(one.get("Observation").size() > 1, "Observation masks at hospital1: " + one.get("Observation"));
  }

  @Test
  void someRecordsAreRestrictedOrVeryRestricted() {
    Map<SecurityLabel, Long> labels = new SyntheticPopulation(42).resources("hospital1", 400).stream()
        .collect(Collectors.groupingBy(resource -> SecurityLabels.of(Fhir.parse(resource.json())), TreeMap::new,
            Collectors.counting()));
    assertTrue(labels.getOrDefault(SecurityLabel.R, 0L) > 0, labels.toString());
    assertTrue(labels.getOrDefault(SecurityLabel.V, 0L) > 0, labels.toString());
    assertTrue(labels.get(SecurityLabel.N) > labels.get(SecurityLabel.R), labels.toString());
  }

  private static Map<String, Map<Integer, Integer>> maskHistogram(ItemMasks masks, List<SyntheticResource> resources) {
    Map<String, Map<Integer, Integer>> histogram = new TreeMap<>();
    for (SyntheticResource resource : resources) {
      byte[] mask = masks.maskOf(Fhir.parse(resource.json()));
      int bits = mask.length == 0 ? 0 : mask[0] & 0xff;
      histogram.computeIfAbsent(resource.resourceType(), type -> new TreeMap<>()).merge(bits, 1, Integer::sum);
    }
    return histogram;
  }

  private static Map<String, String> namesByMpiId(List<SyntheticResource> resources) {
    Map<String, String> names = new TreeMap<>();
    for (SyntheticResource resource : resources) {
      if (resource.resourceType().equals("Patient")) {
        org.hl7.fhir.r4.model.Patient patient = (org.hl7.fhir.r4.model.Patient) Fhir.parse(resource.json());
        names.put(PatientLinks.mpiId(patient).orElseThrow(), patient.getNameFirstRep().getNameAsSingleString());
      }
    }
    return names;
  }

  private static String jsonOf(List<SyntheticResource> resources) {
    return resources.stream().map(SyntheticResource::json).collect(Collectors.joining("\n"));
  }

  private static Set<String> mpiIds(List<SyntheticPopulation.Member> members) {
    return members.stream().map(SyntheticPopulation.Member::mpiId).collect(Collectors.toSet());
  }

  private static <T> Set<T> intersection(Set<T> a, Set<T> b) {
    Set<T> both = new HashSet<>(a);
    both.retainAll(b);
    return both;
  }
}

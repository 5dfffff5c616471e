package org.carechain.ledger.core.significance;

import static org.carechain.ledger.core.significance.Fixtures.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ItemCatalogTest {

  private static String reason(Executable build) {
    return assertThrows(IllegalArgumentException.class, build).getMessage();
  }

  @Test
  void knowsOmegaAndTheItemOrder() {
    ItemCatalog catalog = Fixtures.catalog();
    assertEquals(4, catalog.omega("Observation"));
    assertEquals("value", catalog.items("Observation").get(1).name());
    assertTrue(catalog.covers("Condition"));
    assertFalse(catalog.covers("Procedure"));
    assertEquals(List.of("Condition", "Immunization", "Observation"), List.copyOf(catalog.resourceTypes()));
    assertTrue(reason(() -> catalog.omega("Procedure")).contains("no important items"));
  }

  @Test
  void aTypeNeedsAtLeastOneItem() {
    String reason = reason(() -> ItemCatalog.builder().type("Observation").build());
    assertTrue(reason.contains("at least one important item (Ω ≥ 1)"), reason);
  }

  @Test
  void itemNamesAreUniqueWithinAType() {
    String reason =
        reason(() -> ItemCatalog.builder().type("Observation", item("code"), item("code")).build());
    assertTrue(reason.contains("lists important item \"code\" twice"), reason);
    // ...but may repeat across types.
    ItemCatalog.builder().type("Observation", item("code")).type("Condition", item("code")).build();
  }

  @Test
  void typeNamesLookLikeFhirResourceTypes() {
    for (String bad : List.of("", "observation", "Obs ervation", "Observation/1", "Ω")) {
      String reason = reason(() -> ItemCatalog.of(Map.of(bad, List.of(item("code")))));
      assertTrue(reason.contains("resource type must match"), bad + ": " + reason);
    }
  }

  @Test
  void anEmptyCatalogIsAllowedForChannelsWithoutRecords() {
    assertTrue(ItemCatalog.of(Map.of()).resourceTypes().isEmpty(), "an empty catalog is allowed");
  }

  @Test
  void aTypeAddedTwiceIsRejected() {
    String reason =
        reason(() -> ItemCatalog.builder().type("Observation", item("a")).type("Observation", item("b")));
    assertTrue(reason.contains("added twice"), reason);
  }

  @Test
  void omegaIsCapped() {
    List<ImportantItem> items = new ArrayList<>();
    for (int i = 0; i <= ItemCatalog.MAX_ITEMS_PER_TYPE; i++) {
      items.add(item("i" + i));
    }
    String reason = reason(() -> ItemCatalog.of(Map.of("Observation", items)));
    assertTrue(reason.contains("at most 1024"), reason);
  }

  @Test
  void itemsHaveANameAndAnExpression() {
    assertTrue(reason(() -> new ImportantItem("", "x")).contains("name must be"));
    assertTrue(reason(() -> new ImportantItem("has space", "x")).contains("name must be"));
    assertTrue(reason(() -> new ImportantItem("code", " ")).contains("non-blank"));
    assertTrue(reason(() -> new ImportantItem("code", "a\nb")).contains("control character"));
  }
}

package org.carechain.ledger.core.significance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SignificanceRootTest {

  private static SortedMap<String, Long> table(Object... providerAndNano) {
    SortedMap<String, Long> table = new TreeMap<>();
    for (int i = 0; i < providerAndNano.length; i += 2) {
      table.put((String) providerAndNano[i], (Long) providerAndNano[i + 1]);
    }
    return table;
  }

  @Test
  void followsTheDocumentedLayoutByteForByte() {
    SortedMap<String, Long> table = table("clinic-b", 375_000_000L, "clinic-a", 1_750_000_000L);
    assertEquals(ReferenceSignificance.root(table), SignificanceRoot.of(table));
    assertEquals(ReferenceSignificance.root(table()), SignificanceRoot.of(table()));
  }

  @Test
  void pinnedVectors() {
    // Also written out in docs/significance.md and reproduced there with a few lines of Python; a
    // change here is a consensus change and needs a new domain tag.
    assertEquals(
        "3c2e077cba85ad8c8652027469f90a3066cef2ea5c9bfea20529b6f969c62480",
        SignificanceRoot.of(table()).toHex());
    assertEquals(
        "7566a89956455f6e027b2133bf2d0c8ea515c7fbe61d0ffb113cafe4f5373bba",
        SignificanceRoot.of(table("clinic-a", 1_750_000_000L, "clinic-b", 375_000_000L)).toHex());
  }

  @Test
  void commitsToEveryRowAndValue() {
    SortedMap<String, Long> base = table("a", 1L, "b", 2L);
    assertNotEquals(SignificanceRoot.of(base), SignificanceRoot.of(table("a", 1L, "b", 3L)));
    assertNotEquals(SignificanceRoot.of(base), SignificanceRoot.of(table("a", 1L, "c", 2L)));
    assertNotEquals(SignificanceRoot.of(base), SignificanceRoot.of(table("a", 1L)));
    // Length prefixes keep ("ab", …) and ("a", …)("b", …) apart.
    assertNotEquals(SignificanceRoot.of(table("ab", 1L)), SignificanceRoot.of(table("a", 1L)));
  }

  @Test
  void snapshotRootIsTheRootOfItsRoundedTable() throws Exception {
    SignificanceState state = SignificanceState.genesis(Fixtures.catalog(), 0);
    state.apply(Fixtures.create("a", Fixtures.IMMUNIZATION, "r1", "p", 0));
    state.apply(Fixtures.create("b", Fixtures.IMMUNIZATION, "r2", "p", 0));
    state.apply(Fixtures.create("c", Fixtures.IMMUNIZATION, "r3", "p", 0));
    assertEquals(
        SignificanceRoot.of(table("a", 333_333_333L, "b", 333_333_333L, "c", 333_333_333L)),
        state.root());
  }

  @Test
  void refusesTablesItCannotOrderCanonically() {
    SortedMap<String, Long> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.putAll(Map.of("a", 1L, "b", 2L));
    assertThrows(IllegalArgumentException.class, () -> SignificanceRoot.of(reversed));
    assertThrows(IllegalArgumentException.class, () -> SignificanceRoot.of(table("a", -1L)));
    assertThrows(IllegalArgumentException.class, () -> SignificanceRoot.of(table("a b", 1L)));
  }
}

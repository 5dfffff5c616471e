package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class ServerIndexTest {

  private final SeededSecureRandom random = new SeededSecureRandom(3);

  @Test
  void logCoversEveryEntryInTheOrderApplied() {
    ServerIndex server = new ServerIndex();
    MerkleLog reference = MerkleLog.create();
    assertEquals(reference.treeHead(), server.head());
    for (int batch = 0; batch < 3; batch++) {
      List<Entry> entries = entries(7);
      entries.forEach(entry -> reference.appendLeaf(entry.leafData()));
      TreeHead head = server.apply(entries);
      assertEquals(reference.treeHead(), head);
      assertEquals(head, server.head());
    }
    assertEquals(21, server.size());
  }

  @Test
  void searchReturnsTheEntriesInTheOrderAskedAndLeavesOutUnknownLabels() {
    ServerIndex server = new ServerIndex();
    List<Entry> entries = entries(5);
    server.apply(entries);
    List<Entry> found = server.search(List.of(entries.get(3).label(), new byte[32], entries.get(0).label(), new byte[5]));
    assertEquals(List.of(entries.get(3), entries.get(0)), found);
    assertTrue(server.search(List.of()).isEmpty());
  }

  @Test
  void aRepeatedLabelRejectsTheWholeBatch() {
    ServerIndex server = new ServerIndex();
    List<Entry> first = entries(4);
    server.apply(first);
    TreeHead before = server.head();

    List<Entry> repeatsHeld = entries(3);
    repeatsHeld.add(new Entry(first.get(2).label(), first.get(2).value()));
    IllegalArgumentException held = assertThrows(IllegalArgumentException.class, () -> server.apply(repeatsHeld));
    assertTrue(held.getMessage().contains("entry 3"), held.getMessage());

    List<Entry> repeatsItself = entries(3);
    repeatsItself.add(repeatsItself.get(0));
    assertThrows(IllegalArgumentException.class, () -> server.apply(repeatsItself));

    assertEquals(before, server.head());
    assertEquals(4, server.size());
    assertTrue(server.search(List.of(repeatsHeld.get(0).label())).isEmpty());
  }

  private List<Entry> entries(int count) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] label = new byte[Entry.LABEL_SIZE];
      byte[] value = new byte[40 + i];
      random.nextBytes(label);
      random.nextBytes(value);
      entries.add(new Entry(label, value));
    }
    return entries;
  }
}

package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class UpdateBuilderTest {

  private final SeededSecureRandom random = new SeededSecureRandom(5);
  private final MasterKeys masterKeys = MasterKeys.generate(random);
  private final KeywordKeys keys = masterKeys.keywordKeys(SecurityLabel.N, "code=44054006");

  @Test
  void addsToOneKeywordChainWithinABatch() throws Exception {
    UpdateBuilder builder = new UpdateBuilder(tag -> null, random);
    List<Entry> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      added.add(builder.add(keys, Posting.add("Observation/" + i)));
    }
    UpdateBatch batch = builder.build();

    KeywordState expected = KeywordState.EMPTY;
    for (int c = 1; c <= 5; c++) {
      Entry entry = added.get(c - 1);
      assertArrayEquals(keys.label(c), entry.label(), "label " + c);
      assertEquals(Posting.add("Observation/" + (c - 1)), EntryCipher.open(keys.encryptionKey(), entry.label(), entry.value()));
      expected = expected.next(entry);
    }
    assertEquals(Map.of(keys.tag(), expected), batch.newStates());
    assertEquals(new HashSet<>(added), new HashSet<>(batch.entries()));
  }

  @Test
  void countersContinueFromTheStoredState() {
    UpdateBuilder first = new UpdateBuilder(tag -> KeywordState.EMPTY, random);
    first.add(keys, Posting.add("a"));
    first.add(keys, Posting.add("b"));
    KeywordState afterFirst = first.build().newStates().get(keys.tag());
    assertEquals(2, afterFirst.count());

    UpdateBuilder second = new UpdateBuilder(tag -> tag.equals(keys.tag()) ? afterFirst : null, random);
    Entry third = second.add(keys, Posting.del("a"));
    assertArrayEquals(keys.label(3), third.label());
    assertEquals(afterFirst.next(third), second.build().newStates().get(keys.tag()));
  }

  @Test
  void batchIsShuffled() {
    UpdateBuilder builder = new UpdateBuilder(tag -> null, random);
    List<Entry> inserted = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inserted.add(builder.add(masterKeys.keywordKeys(SecurityLabel.N, "code=" + i), Posting.add("Observation/1")));
    }
    UpdateBatch batch = builder.build();
    assertNotEquals(inserted, batch.entries());
    assertEquals(new HashSet<>(inserted), new HashSet<>(batch.entries()));
    assertEquals(20, batch.newStates().size());
  }

  @Test
  void aNewEntryGetsALabelOutsideEveryEarlierToken() {
    UpdateBuilder builder = new UpdateBuilder(tag -> null, random);
    for (int i = 0; i < 10; i++) {
      builder.add(keys, Posting.add("Observation/" + i));
    }
    KeywordState state = builder.build().newStates().get(keys.tag());
    List<byte[]> token = keys.labels(state.count());

    Entry next = new UpdateBuilder(tag -> state, random).add(keys, Posting.add("Observation/new"));
    assertArrayEquals(keys.label(11), next.label());
    Set<String> tokenLabels = new HashSet<>();
    HexFormat hex = HexFormat.of();
    token.forEach(label -> tokenLabels.add(hex.formatHex(label)));
    assertFalse(tokenLabels.contains(hex.formatHex(next.label())));
    // The token gives the user nothing to compute it with: its labels are HMAC outputs under a key
    // the user never receives, and the user key holds only the tag and the value key.
    UserKeywordKey userKey = keys.userKey();
    for (byte[] label : token) {
      assertFalse(Arrays.equals(label, userKey.encryptionKey()));
    }
    assertNotEquals(Hash.of(next.label()), userKey.tag());
  }

  @Test
  void aBuilderIsUsedOnce() {
    UpdateBuilder builder = new UpdateBuilder(tag -> null, random);
    builder.add(keys, Posting.add("a"));
    builder.build();
    assertThrows(IllegalStateException.class, builder::build);
    assertThrows(IllegalStateException.class, () -> builder.add(keys, Posting.add("b")));
  }

  @Test
  void emptyBatchIsEmpty() {
    UpdateBatch batch = new UpdateBuilder(tag -> null, random).build();
    assertEquals(List.of(), batch.entries());
    assertEquals(Map.of(), batch.newStates());
  }
}

package org.carechain.crypto.sse;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * One epoch's index updates as the owner built them: the entries to push to the server, in a
 * random order, and the new state of every keyword they touch, keyed by keyword tag. The owner
 * stores the states once the server has applied the entries.
 */
public record UpdateBatch(List<Entry> entries, Map<Hash, KeywordState> newStates) {

  public UpdateBatch {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    newStates = Map.copyOf(Objects.requireNonNull(newStates, "newStates"));
  }
}

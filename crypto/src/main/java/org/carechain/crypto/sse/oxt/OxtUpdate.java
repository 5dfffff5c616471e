package org.carechain.crypto.sse.oxt;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordState;

/**
 * One batch of additions. {@code entries} (in random order) and {@code xtags} (sorted, so in no
 * order related to the entries) go to the server; {@code states}, each keyword's state after the
 * batch, stay with the owner.
 */
public record OxtUpdate(List<Entry> entries, List<Hash> xtags, Map<String, KeywordState> states) {

  public OxtUpdate {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    xtags = List.copyOf(Objects.requireNonNull(xtags, "xtags"));
    states = Map.copyOf(Objects.requireNonNull(states, "states"));
  }

  @Override
  public String toString() {
    return "OxtUpdate[" + entries.size() + " entries, " + xtags.size() + " xtags]";
  }
}

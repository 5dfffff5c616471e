package org.carechain.crypto.sse.oxt;

import java.util.Objects;
import org.carechain.crypto.sse.Entry;

/**
 * One verified entry of a conjunctive result: entry number {@code counter} of the s-term, as the
 * owner wrote it. Still encrypted; {@link OxtEntryKey#open} gives the record id.
 */
public record OxtMatch(long counter, Entry entry) {

  public OxtMatch {
    if (counter < 1) {
      throw new IllegalArgumentException("entry counters start at 1");
    }
    Objects.requireNonNull(entry, "entry");
  }
}

package org.carechain.crypto.sse.oxt;

import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordState;

/**
 * The result of adding one pair (w, id): the TSet entry and the xtag for the server, and w's state
 * after it, for the owner to keep.
 */
public record OxtAddition(Entry entry, Hash xtag, KeywordState next) {

  public OxtAddition {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(xtag, "xtag");
    Objects.requireNonNull(next, "next");
  }
}

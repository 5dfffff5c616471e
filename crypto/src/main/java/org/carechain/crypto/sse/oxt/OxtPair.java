package org.carechain.crypto.sse.oxt;

import java.util.Arrays;
import java.util.Objects;

/** One keyword–record pair to index: the owner's plaintext input, never sent anywhere. */
public record OxtPair(String keyword, byte[] id) {

  public OxtPair {
    OxtKeys.utf8(keyword);
    Objects.requireNonNull(id, "id");
    if (id.length == 0) {
      throw new IllegalArgumentException("a record id must not be empty");
    }
    id = id.clone();
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OxtPair that && keyword.equals(that.keyword) && Arrays.equals(id, that.id);
  }

  @Override
  public int hashCode() {
    return 31 * keyword.hashCode() + Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "OxtPair[redacted]";
  }
}

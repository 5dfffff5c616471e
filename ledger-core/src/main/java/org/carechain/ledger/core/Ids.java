package org.carechain.ledger.core;

import java.util.Objects;

/**
 * Checks the ids of consortium members (providers and validators) where they enter the core.
 *
 * <p>Ids are restricted to printable ASCII without spaces so that Java's {@link String#compareTo}
 * order, the order of their UTF-8 bytes and the order any other implementation would pick all
 * coincide: state roots and proposer rankings sort by id, and every node must sort alike.
 */
public final class Ids {

  /** Longest id accepted, in characters. */
  public static final int MAX_LENGTH = 128;

  private Ids() {}

  /**
   * Returns {@code id} if it is 1 to {@value #MAX_LENGTH} printable ASCII characters (0x21..0x7e).
   *
   * @param what names the field in the error message, e.g. "provider"
   * @throws IllegalArgumentException naming the field and the first offending character
   */
  public static String require(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " id must have 1 to " + MAX_LENGTH + " characters, got " + id.length());
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            what + " id must be printable ASCII without spaces, got char " + (int) c + " at " + i);
      }
    }
    return id;
  }
}

package org.carechain.crypto.sse;

import java.util.Objects;

/**
 * The plaintext of one index entry: a record reference and whether it is added to or deleted from
 * the keyword's result set.
 *
 * <p>A record ref is 1 to {@value #MAX_REF_LENGTH} printable ASCII characters (0x20 to 0x7e), so
 * its encoding is one byte per character and its length bounds the value's size. Error messages
 * never repeat the ref, since it names a record.
 */
public record Posting(String recordRef, Op op) {

  /** The longest record ref accepted. */
  public static final int MAX_REF_LENGTH = 128;

  /**
   * @throws IllegalArgumentException if the ref is empty, too long or not printable ASCII
   */
  public Posting {
    Objects.requireNonNull(recordRef, "recordRef");
    Objects.requireNonNull(op, "op");
    if (recordRef.isEmpty() || recordRef.length() > MAX_REF_LENGTH) {
      throw new IllegalArgumentException("a record ref has 1 to " + MAX_REF_LENGTH + " characters");
    }
    for (int i = 0; i < recordRef.length(); i++) {
      char c = recordRef.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a record ref is printable ASCII; character " + i + " is not");
      }
    }
  }

  /** An {@link Op#ADD} of {@code recordRef}. */
  public static Posting add(String recordRef) {
    return new Posting(recordRef, Op.ADD);
  }

  /** A {@link Op#DEL} of {@code recordRef}. */
  public static Posting del(String recordRef) {
    return new Posting(recordRef, Op.DEL);
  }

  @Override
  public String toString() {
    return "Posting[" + op + ", " + recordRef.length() + "-character ref]";
  }
}

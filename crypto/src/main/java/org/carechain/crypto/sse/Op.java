package org.carechain.crypto.sse;

/** What an index entry does to its keyword's result set: add a record, or delete it again. */
public enum Op {
  /** The record matches the keyword from this entry on. */
  ADD((byte) 1),
  /** The record no longer matches the keyword; removes an earlier {@link #ADD}. */
  DEL((byte) 2);

  private final byte code;

  Op(byte code) {
    this.code = code;
  }

  /** The byte that stands for this operation inside an encrypted value. */
  byte code() {
    return code;
  }

  /** The operation with {@code code}, or {@code null} if none has it. */
  static Op fromCode(byte code) {
    for (Op op : values()) {
      if (op.code == code) {
        return op;
      }
    }
    return null;
  }
}

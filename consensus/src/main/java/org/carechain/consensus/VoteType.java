package org.carechain.consensus;

/** The two kinds of vote. The codes are part of the signed payload and of the WAL encoding. */
public enum VoteType {
  PREVOTE(1),
  PRECOMMIT(2);

  private final int code;

  VoteType(int code) {
    this.code = code;
  }

  /** The byte that stands for this type in signed payloads; it matches {@code VOTE_TYPE_*} in the proto. */
  public int code() {
    return code;
  }

  static VoteType fromCode(int code) {
    for (VoteType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown vote type code " + code);
  }

  MessageKind kind() {
    return this == PREVOTE ? MessageKind.PREVOTE : MessageKind.PRECOMMIT;
  }
}

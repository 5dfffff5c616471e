package org.carechain.consensus;

import java.util.Objects;
import org.carechain.crypto.CanonicalDecoder;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * PREVOTE or PRECOMMIT(height, round, block id or nil), signed by {@code validator} over {@link
 * SigningPayloads#vote}.
 *
 * <p>The constructor checks only shape (nothing negative, nothing missing), so an adapter that
 * decodes a peer's vote treats its {@link IllegalArgumentException} as a malformed message.
 *
 * @param blockId the id of the value voted for, or {@code null} for a nil vote
 */
public record Vote(
    VoteType type, long height, int round, Hash blockId, String validator, Signature signature)
    implements ConsensusMessage {

  public Vote {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(signature, "signature");
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException("height and round are >= 0");
    }
  }

  public boolean isNil() {
    return blockId == null;
  }

  @Override
  public String sender() {
    return validator;
  }

  @Override
  public MessageKind kind() {
    return type.kind();
  }

  @Override
  public boolean sameStatementAs(ConsensusMessage other) {
    return other instanceof Vote that
        && type == that.type
        && height == that.height
        && round == that.round
        && validator.equals(that.validator)
        && Objects.equals(blockId, that.blockId);
  }

  /** Appends this vote in the WAL layout; {@link #readFrom} reads it back. */
  public void writeTo(CanonicalEncoder out) {
    out.writeByte(type.code())
        .writeInt64(height)
        .writeInt32(round)
        .writeOptionalHash(blockId)
        .writeString(validator)
        .writeBytes(signature.toByteArray());
  }

  /** @throws IllegalArgumentException if the bytes are not a vote in {@link #writeTo}'s layout */
  public static Vote readFrom(CanonicalDecoder in) {
    VoteType type = VoteType.fromCode(in.readByte());
    long height = in.readInt64();
    int round = in.readInt32();
    Hash blockId = in.readOptionalHash();
    String validator = in.readString();
    Signature signature = Signature.of(in.readBytes());
    return new Vote(type, height, round, blockId, validator, signature);
  }

  @Override
  public String toString() {
    return type + "(h=" + height + ", r=" + round + ", " + (blockId == null ? "nil" : shortId(blockId))
        + ", by " + validator + ")";
  }

  static String shortId(Hash id) {
    return id.toHex().substring(0, 8);
  }
}

package org.carechain.consensus;

import java.util.Objects;
import org.carechain.crypto.CanonicalDecoder;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * PROPOSAL(height, round, value, validRound), signed by {@code proposer} over {@link
 * SigningPayloads#proposal}.
 *
 * <p>The block id travels beside the value because the signature covers the id, not the value;
 * the core drops a proposal whose {@code blockId} is not {@code value.id()}.
 *
 * @param validRound the round in which the proposer saw 2f+1 prevotes for the value, or -1
 */
public record Proposal<V extends ProposedValue>(
    long height, int round, Hash blockId, V value, int validRound, String proposer, Signature signature)
    implements ConsensusMessage {

  public Proposal {
    Objects.requireNonNull(blockId, "blockId");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(signature, "signature");
    if (height < 0 || round < 0 || validRound < -1) {
      throw new IllegalArgumentException("height and round are >= 0, validRound >= -1");
    }
  }

  @Override
  public String sender() {
    return proposer;
  }

  @Override
  public MessageKind kind() {
    return MessageKind.PROPOSAL;
  }

  @Override
  public boolean sameStatementAs(ConsensusMessage other) {
    return other instanceof Proposal<?> that
        && height == that.height
        && round == that.round
        && validRound == that.validRound
        && proposer.equals(that.proposer)
        && blockId.equals(that.blockId);
  }

  /** Appends this proposal in the WAL layout; {@link #readFrom} reads it back. */
  public void writeTo(CanonicalEncoder out, ValueCodec<V> codec) {
    out.writeInt64(height)
        .writeInt32(round)
        .writeHash(blockId)
        .writeBytes(codec.encode(value))
        .writeInt32(validRound)
        .writeString(proposer)
        .writeBytes(signature.toByteArray());
  }

  /** @throws IllegalArgumentException if the bytes are not a proposal in {@link #writeTo}'s layout */
  public static <V extends ProposedValue> Proposal<V> readFrom(CanonicalDecoder in, ValueCodec<V> codec) {
    long height = in.readInt64();
    int round = in.readInt32();
    Hash blockId = in.readHash();
    V value = codec.decode(in.readBytes());
    int validRound = in.readInt32();
    String proposer = in.readString();
    Signature signature = Signature.of(in.readBytes());
    return new Proposal<>(height, round, blockId, value, validRound, proposer, signature);
  }

  @Override
  public String toString() {
    return "PROPOSAL(h=" + height + ", r=" + round + ", " + Vote.shortId(blockId) + ", vr=" + validRound
        + ", by " + proposer + ")";
  }
}

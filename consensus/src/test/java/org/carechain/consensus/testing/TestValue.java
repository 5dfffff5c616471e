package org.carechain.consensus.testing;

import org.carechain.consensus.ProposedValue;
import org.carechain.consensus.ValueCodec;
import org.carechain.crypto.CanonicalDecoder;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * A stand-in for a block: who made it for which (height, round), a nonce that tells two values of
 * one slot apart, and whether it is well formed. {@link #isValidAt} is the reference valid(v).
 */
public final class TestValue implements ProposedValue {

  private static final String DOMAIN = "carechain/test/consensus-value/v1";

  public static final ValueCodec<TestValue> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(TestValue value) {
      return encoder(value.height, value.proposer, value.round, value.nonce, value.wellFormed).toByteArray();
    }

    @Override
    public TestValue decode(byte[] bytes) {
      CanonicalDecoder in = CanonicalDecoder.forDomain(DOMAIN, bytes);
      TestValue value = new TestValue(in.readInt64(), in.readString(), in.readInt32(), in.readInt64(), in.readBoolean());
      in.finish();
      return value;
    }
  };

  private final long height;
  private final String proposer;
  private final int round;
  private final long nonce;
  private final boolean wellFormed;
  private final Hash id;

  public TestValue(long height, String proposer, int round, long nonce, boolean wellFormed) {
    this.height = height;
    this.proposer = proposer;
    this.round = round;
    this.nonce = nonce;
    this.wellFormed = wellFormed;
    this.id = encoder(height, proposer, round, nonce, wellFormed).sha256();
  }

  /** The value an honest proposer builds. */
  public static TestValue honest(long height, String proposer, int round) {
    return new TestValue(height, proposer, round, 0, true);
  }

  private static CanonicalEncoder encoder(long height, String proposer, int round, long nonce, boolean wellFormed) {
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeInt64(height).writeString(proposer).writeInt32(round).writeInt64(nonce).writeBoolean(wellFormed);
  }

  /**
   * The reference valid(v): well formed, for this height, built by the proposer of the round it
   * was built for, and not built for a later round than the one it is proposed in.
   */
  public boolean isValidAt(long atHeight, int atRound, org.carechain.consensus.ProposerSchedule schedule) {
    return wellFormed && height == atHeight && round <= atRound && proposer.equals(schedule.proposer(height, round));
  }

  @Override
  public Hash id() {
    return id;
  }

  public long height() {
    return height;
  }

  public String proposer() {
    return proposer;
  }

  public int round() {
    return round;
  }

  public long nonce() {
    return nonce;
  }

  public boolean wellFormed() {
    return wellFormed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TestValue that && id.equals(that.id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "TestValue{h=" + height + ", by " + proposer + ", r=" + round + ", nonce=" + nonce
        + (wellFormed ? "" : ", malformed") + ", " + id.toHex().substring(0, 8) + "}";
  }
}

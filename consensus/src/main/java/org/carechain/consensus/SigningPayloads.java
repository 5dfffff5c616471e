package org.carechain.consensus;

import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * The exact bytes a validator signs, for one chain and channel. The core signs and checks with
 * these, and so must the network adapter and anyone verifying a commit certificate.
 *
 * <p>Both layouts are {@link CanonicalEncoder} encodings; see {@code docs/consensus.md}:
 *
 * <pre>
 * vote:     tag "carechain/consensus/vote/v1", chainId string, channel string, height int64,
 *           round int32, type byte (1 prevote, 2 precommit), blockId optional hash, validator string
 * proposal: tag "carechain/consensus/proposal/v1", chainId string, channel string, height int64,
 *           round int32, blockId hash, validRound int32
 * </pre>
 *
 * <p>The chain id and channel are in every payload so that a vote on one channel, or on a test
 * network, can never be replayed on another.
 */
public final class SigningPayloads {

  public static final String VOTE_DOMAIN = "carechain/consensus/vote/v1";
  public static final String PROPOSAL_DOMAIN = "carechain/consensus/proposal/v1";

  private final String chainId;
  private final String channel;

  private SigningPayloads(String chainId, String channel) {
    this.chainId = chainId;
    this.channel = channel;
  }

  public static SigningPayloads of(String chainId, String channel) {
    return new SigningPayloads(Objects.requireNonNull(chainId, "chainId"), Objects.requireNonNull(channel, "channel"));
  }

  public String chainId() {
    return chainId;
  }

  public String channel() {
    return channel;
  }

  /** @param blockIdOrNull {@code null} for a nil vote */
  public byte[] vote(long height, int round, VoteType type, Hash blockIdOrNull, String validator) {
    return CanonicalEncoder.forDomain(VOTE_DOMAIN)
        .writeString(chainId)
        .writeString(channel)
        .writeInt64(height)
        .writeInt32(round)
        .writeByte(type.code())
        .writeOptionalHash(blockIdOrNull)
        .writeString(validator)
        .toByteArray();
  }

  public byte[] proposal(long height, int round, Hash blockId, int validRound) {
    return CanonicalEncoder.forDomain(PROPOSAL_DOMAIN)
        .writeString(chainId)
        .writeString(channel)
        .writeInt64(height)
        .writeInt32(round)
        .writeHash(blockId)
        .writeInt32(validRound)
        .toByteArray();
  }

  public byte[] of(Vote vote) {
    return vote(vote.height(), vote.round(), vote.type(), vote.blockId(), vote.validator());
  }

  public byte[] of(Proposal<?> proposal) {
    return proposal(proposal.height(), proposal.round(), proposal.blockId(), proposal.validRound());
  }

  public byte[] of(ConsensusMessage message) {
    return message instanceof Vote vote ? of(vote) : of((Proposal<?>) message);
  }

  @Override
  public String toString() {
    return "SigningPayloads{chainId=" + chainId + ", channel=" + channel + "}";
  }
}

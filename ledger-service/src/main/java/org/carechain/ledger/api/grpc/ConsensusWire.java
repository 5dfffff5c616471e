package org.carechain.ledger.api.grpc;

import com.google.protobuf.ByteString;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.consensus.Proposal;
import org.carechain.consensus.Signature;
import org.carechain.consensus.Vote;
import org.carechain.consensus.VoteType;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.LedgerValue;
import org.carechain.proto.ledger.v1.ExchangeRequest;

/**
 * Consensus messages on the wire ({@code carechain.ledger.v1.ConsensusMessage}). What arrives
 * from a peer is checked here for shape only; signatures and protocol rules are the core's job.
 */
public final class ConsensusWire {

    private ConsensusWire() {}

    public static ExchangeRequest toWire(Channel channel, ConsensusMessage message) {
        org.carechain.proto.ledger.v1.ConsensusMessage.Builder wire = org.carechain.proto.ledger.v1.ConsensusMessage.newBuilder();
        if (message instanceof Vote vote) {
            org.carechain.proto.ledger.v1.Vote.Builder proto = org.carechain.proto.ledger.v1.Vote.newBuilder()
                    .setChannel(ProtoMapping.channel(channel))
                    .setHeight(vote.height())
                    .setRound(vote.round())
                    .setType(vote.type() == VoteType.PREVOTE
                            ? org.carechain.proto.ledger.v1.VoteType.VOTE_TYPE_PREVOTE
                            : org.carechain.proto.ledger.v1.VoteType.VOTE_TYPE_PRECOMMIT)
                    .setValidator(vote.validator())
                    .setSignature(ByteString.copyFrom(vote.signature().toByteArray()));
            if (!vote.isNil()) {
                proto.setBlockHash(ProtoMapping.bytes(vote.blockId()));
            }
            wire.setVote(proto);
        } else if (message instanceof Proposal<?> proposal) {
            Block block = ((LedgerValue) proposal.value()).block();
            wire.setProposal(org.carechain.proto.ledger.v1.Proposal.newBuilder()
                    .setChannel(ProtoMapping.channel(channel))
                    .setHeight(proposal.height())
                    .setRound(proposal.round())
                    .setBlock(org.carechain.proto.ledger.v1.Block.newBuilder()
                            .setHeader(ProtoMapping.header(block.header()))
                            .addAllTransactions(block.transactions().stream().map(ProtoMapping::transaction).toList())
                            .addAllSeals(block.seals().stream().map(ProtoMapping::seal).toList()))
                    .setValidRound(proposal.validRound())
                    .setProposer(proposal.proposer())
                    .setSignature(ByteString.copyFrom(proposal.signature().toByteArray())));
        }
        return ExchangeRequest.newBuilder().setMessage(wire).build();
    }

    public static Channel channelOf(org.carechain.proto.ledger.v1.ConsensusMessage wire) {
        return switch (wire.getMessageCase()) {
            case VOTE -> ProtoMapping.channel(wire.getVote().getChannel());
            case PROPOSAL -> ProtoMapping.channel(wire.getProposal().getChannel());
            case MESSAGE_NOT_SET -> throw new IllegalArgumentException("empty consensus message");
        };
    }

    /** @throws IllegalArgumentException if the message is malformed */
    public static ConsensusMessage fromWire(org.carechain.proto.ledger.v1.ConsensusMessage wire) {
        return switch (wire.getMessageCase()) {
            case VOTE -> vote(wire.getVote());
            case PROPOSAL -> proposal(wire.getProposal());
            case MESSAGE_NOT_SET -> throw new IllegalArgumentException("empty consensus message");
        };
    }

    private static Vote vote(org.carechain.proto.ledger.v1.Vote proto) {
        VoteType type = switch (proto.getType()) {
            case VOTE_TYPE_PREVOTE -> VoteType.PREVOTE;
            case VOTE_TYPE_PRECOMMIT -> VoteType.PRECOMMIT;
            default -> throw new IllegalArgumentException("vote type is required");
        };
        Hash blockId = proto.getBlockHash().isEmpty() ? null : ProtoMapping.hash(proto.getBlockHash(), "block_hash");
        return new Vote(type, proto.getHeight(), proto.getRound(), blockId, proto.getValidator(),
                Signature.of(proto.getSignature().toByteArray()));
    }

    private static Proposal<LedgerValue> proposal(org.carechain.proto.ledger.v1.Proposal proto) {
        Block block = ProtoMapping.block(proto.getBlock());
        return new Proposal<>(proto.getHeight(), proto.getRound(), block.hash(), new LedgerValue(block),
                proto.getValidRound(), proto.getProposer(), Signature.of(proto.getSignature().toByteArray()));
    }
}

package org.carechain.ledger.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.consensus.CommitCertificate;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.ledger.persistence.TamperedStoreException;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetBlockResponse;
import org.carechain.proto.ledger.v1.GetConsistencyProofRequest;
import org.carechain.proto.ledger.v1.GetConsistencyProofResponse;
import org.carechain.proto.ledger.v1.GetInclusionProofRequest;
import org.carechain.proto.ledger.v1.GetInclusionProofResponse;
import org.carechain.proto.ledger.v1.GetSignificanceRequest;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadResponse;
import org.carechain.proto.ledger.v1.LedgerService;
import org.carechain.proto.ledger.v1.StreamBlocksRequest;
import org.carechain.proto.ledger.v1.StreamBlocksResponse;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;

/** The ledger's gRPC API for applications and other services. */
@GrpcService
public class LedgerGrpcService implements LedgerService {

    @Inject
    LedgerChannels channels;

    @Inject
    BatchSubmission submission;

    @Override
    public Uni<SubmitBatchResponse> submitBatch(SubmitBatchRequest request) {
        return Uni.createFrom().deferred(() -> submission.submit(request));
    }

    @Override
    public Uni<GetBlockResponse> getBlock(GetBlockRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            if (request.getHeight() < 1) {
                throw new IllegalArgumentException("height must be at least 1");
            }
            return refuseTampered(channel.blocks().block(channel.channel(), request.getHeight())).map(found -> {
                BlockStore.StoredBlock stored = found.orElseThrow(() -> Status.NOT_FOUND
                        .withDescription("no block at height " + request.getHeight()).asRuntimeException());
                return GetBlockResponse.newBuilder()
                        .setBlock(ProtoMapping.block(stored.block(), certificate(stored.commitCertificate())))
                        .build();
            });
        });
    }

    @Override
    public Uni<GetTreeHeadResponse> getTreeHead(GetTreeHeadRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            return refuseTampered(channel.blocks().latestHeight(channel.channel())
                    .flatMap(height -> height == 0
                            ? Uni.createFrom().failure(Status.NOT_FOUND
                                    .withDescription("channel " + channel.channel().id() + " has no block yet").asRuntimeException())
                            : channel.blocks().block(channel.channel(), height)))
                    .map(found -> {
                        BlockStore.StoredBlock stored = found.orElseThrow();
                        return GetTreeHeadResponse.newBuilder()
                                .setTreeHead(ProtoMapping.treeHead(stored.block().header()))
                                .setCommit(certificate(stored.commitCertificate()))
                                .build();
                    });
        });
    }

    @Override
    public Uni<GetInclusionProofResponse> getInclusionProof(GetInclusionProofRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            var hash = ProtoMapping.hash(request.getTransactionHash(), "transaction_hash");
            long treeSize = request.getTreeSize() == 0 ? channel.log().treeHead().size() : request.getTreeSize();
            return refuseTampered(channel.blocks().transaction(channel.channel(), hash).flatMap(found -> {
                BlockStore.StoredTransaction stored = found.orElseThrow(() -> Status.NOT_FOUND
                        .withDescription("no such transaction on channel " + channel.channel().id()).asRuntimeException());
                if (stored.logIndex() >= treeSize) {
                    throw new IllegalArgumentException("the transaction is not in the tree of size " + treeSize);
                }
                return channel.log().inclusionProof(stored.logIndex(), treeSize);
            })).map(proof -> GetInclusionProofResponse.newBuilder()
                    .setLeafIndex(proof.leafIndex())
                    .setTreeSize(proof.treeSize())
                    .addAllAuditPath(ProtoMapping.bytes(proof.path()))
                    .build());
        });
    }

    @Override
    public Uni<GetConsistencyProofResponse> getConsistencyProof(GetConsistencyProofRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            return channel.log().consistencyProof(request.getFirstSize(), request.getSecondSize())
                    .map(proof -> GetConsistencyProofResponse.newBuilder()
                            .addAllProof(ProtoMapping.bytes(proof.path()))
                            .build());
        });
    }

    @Override
    public Uni<GetSignificanceResponse> getSignificance(GetSignificanceRequest request) {
        throw new UnsupportedOperationException("significance queries arrive with the consensus node");
    }

    @Override
    public Uni<org.carechain.proto.ledger.v1.GetTransactionResponse> getTransaction(
            org.carechain.proto.ledger.v1.GetTransactionRequest request) {
        throw new UnsupportedOperationException("transactions with proofs are not served yet");
    }

    @Override
    public Uni<org.carechain.proto.ledger.v1.GetSignificanceHistoryResponse> getSignificanceHistory(
            org.carechain.proto.ledger.v1.GetSignificanceHistoryRequest request) {
        throw new UnsupportedOperationException("significance history is not served yet");
    }

    @Override
    public Multi<StreamBlocksResponse> streamBlocks(StreamBlocksRequest request) {
        throw new UnsupportedOperationException("block streaming arrives with the consensus node");
    }

    /** Stored data that no longer matches its hashes is never served: the caller gets DATA_LOSS. */
    static <T> Uni<T> refuseTampered(Uni<T> read) {
        return read.onFailure(TamperedStoreException.class).transform(e -> Status.DATA_LOSS
                .withDescription(e.getMessage() + "; this node refuses to serve it").asRuntimeException());
    }

    private ChannelRuntime hosted(org.carechain.proto.ledger.v1.Channel requested) {
        Channel channel = ProtoMapping.channel(requested);
        return channels.channel(channel).orElseThrow(() -> Status.FAILED_PRECONDITION
                .withDescription("this node does not host channel " + channel.id()).asRuntimeException());
    }

    static org.carechain.proto.ledger.v1.CommitCertificate certificate(byte[] stored) {
        CommitCertificate certificate = CommitCertificate.fromBytes(stored);
        org.carechain.proto.ledger.v1.CommitCertificate.Builder builder = org.carechain.proto.ledger.v1.CommitCertificate
                .newBuilder()
                .setHeight(certificate.height())
                .setRound(certificate.round())
                .setBlockHash(ProtoMapping.bytes(certificate.blockId()));
        certificate.signatures().forEach(signature -> builder.addSignatures(
                org.carechain.proto.ledger.v1.ValidatorSignature.newBuilder()
                        .setValidator(signature.validator())
                        .setSignature(com.google.protobuf.ByteString.copyFrom(signature.signature().toByteArray()))));
        return builder.build();
    }
}

package org.carechain.ledger.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.ledger.chain.HistoryRange;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.BlockStream;
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
import org.carechain.proto.ledger.v1.GetSignificanceHistoryRequest;
import org.carechain.proto.ledger.v1.GetSignificanceHistoryResponse;
import org.carechain.proto.ledger.v1.GetSignificanceRequest;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadResponse;
import org.carechain.proto.ledger.v1.LedgerService;
import org.carechain.proto.ledger.v1.ListRecordsRequest;
import org.carechain.proto.ledger.v1.ListRecordsResponse;
import org.carechain.proto.ledger.v1.StreamBlocksRequest;
import org.carechain.proto.ledger.v1.StreamBlocksResponse;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;

/** The ledger's gRPC API for applications and other services. */
@GrpcService
@RegisterInterceptor(StreamReadiness.class)
public class LedgerGrpcService implements LedgerService {

    @Inject
    LedgerChannels channels;

    @Inject
    BatchSubmission submission;

    @Override
    public Uni<SubmitBatchResponse> submitBatch(SubmitBatchRequest request) {
        // Decoding, hashing and the signature check are CPU work: off the event loop that also
        // carries consensus messages and database replies.
        return Uni.createFrom().deferred(() -> submission.submit(request))
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public Uni<GetBlockResponse> getBlock(GetBlockRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            if (request.getHeight() < 1) {
                throw new IllegalArgumentException("height must be at least 1");
            }
            return refuseTampered(channel.blocks().block(channel.channel(), request.getHeight()).map(found -> {
                BlockStore.StoredBlock stored = found.orElseThrow(() -> Status.NOT_FOUND
                        .withDescription("no block at height " + request.getHeight()).asRuntimeException());
                return GetBlockResponse.newBuilder()
                        .setBlock(ProtoMapping.block(stored.block(), ProtoMapping.certificate(stored.certificate())))
                        .build();
            }));
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
                            : channel.blocks().block(channel.channel(), height))
                    .map(found -> {
                        BlockStore.StoredBlock stored = found.orElseThrow();
                        return GetTreeHeadResponse.newBuilder()
                                .setTreeHead(ProtoMapping.treeHead(stored.block().header()))
                                .setCommit(ProtoMapping.certificate(stored.certificate()))
                                .build();
                    }));
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
    public Uni<GetTransactionResponse> getTransaction(GetTransactionRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            boolean byHash = !request.getTransactionHash().isEmpty();
            if (byHash == !request.getIdempotencyKey().isEmpty()) {
                throw new IllegalArgumentException("exactly one of transaction_hash and idempotency_key is required");
            }
            var lookup = byHash
                    ? channel.proofs().byHash(ProtoMapping.hash(request.getTransactionHash(), "transaction_hash"))
                    : channel.proofs().byIdempotencyKey(ProtoMapping.idempotencyKey(request.getIdempotencyKey()));
            return refuseTampered(lookup.map(found -> ProtoMapping.provenTransaction(found.orElseThrow(
                    () -> Status.NOT_FOUND.withDescription("no such transaction on channel " + channel.channel().id())
                            .asRuntimeException()))));
        });
    }

    @Override
    public Multi<StreamBlocksResponse> streamBlocks(StreamBlocksRequest request) {
        StreamReadiness.Readiness readiness = StreamReadiness.current();
        return Multi.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            if (request.getFromHeight() < 1) {
                throw new IllegalArgumentException("from_height must be at least 1");
            }
            return BlockStream.from(channel, request.getFromHeight())
                    .onItem().transformToUniAndConcatenate(stored -> readiness.await().replaceWith(stored))
                    .map(stored -> StreamBlocksResponse.newBuilder()
                            .setBlock(ProtoMapping.block(stored.block(), ProtoMapping.certificate(stored.certificate())))
                            .build())
                    .onFailure(TamperedStoreException.class).transform(LedgerGrpcService::dataLoss);
        });
    }

    @Override
    public Multi<ListRecordsResponse> listRecords(ListRecordsRequest request) {
        StreamReadiness.Readiness readiness = StreamReadiness.current();
        return Multi.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            String provider = ProtoMapping.provider(request.getProvider());
            long height = channel.commits().height();
            return RecordListing.of(channel, provider)
                    .onItem().transformToUniAndConcatenate(page -> readiness.await().replaceWith(page))
                    .map(page -> ListRecordsResponse.newBuilder()
                            .setHeight(height)
                            .addAllRecords(page.stream().map(ProtoMapping::recordState).toList())
                            .build());
        });
    }

    @Override
    public Uni<GetSignificanceResponse> getSignificance(GetSignificanceRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            String provider = request.getProvider().isEmpty() ? null : ProtoMapping.provider(request.getProvider());
            Uni<Long> height = request.getHeight() != 0 ? Uni.createFrom().item(request.getHeight())
                    : latestHeight(channel);
            return refuseTampered(height.flatMap(h -> channel.significance().tableAt(channel.channel(), h))
                    .map(found -> ProtoMapping.significance(found.orElseThrow(() -> Status.NOT_FOUND
                            .withDescription("no block at that height").asRuntimeException()), provider)));
        });
    }

    @Override
    public Uni<GetSignificanceHistoryResponse> getSignificanceHistory(GetSignificanceHistoryRequest request) {
        return Uni.createFrom().deferred(() -> {
            ChannelRuntime channel = hosted(request.getChannel());
            String provider = ProtoMapping.provider(request.getProvider());
            HistoryRange range = HistoryRange.of(request.getFromHeight(), request.getToHeight(), request.getLimit());
            return refuseTampered(channel.blocks().latestHeight(channel.channel())
                    .flatMap(latest -> channel.significance().history(channel.channel(), provider, range.from(),
                            range.toOr(latest), range.limit())))
                    .map(points -> GetSignificanceHistoryResponse.newBuilder()
                            .setProvider(provider)
                            .addAllPoints(points.stream().map(ProtoMapping::significancePoint).toList())
                            .build());
        });
    }

    private static Uni<Long> latestHeight(ChannelRuntime channel) {
        return channel.blocks().latestHeight(channel.channel()).map(height -> {
            if (height == 0) {
                throw Status.NOT_FOUND.withDescription("channel " + channel.channel().id() + " has no block yet")
                        .asRuntimeException();
            }
            return height;
        });
    }

    /** Stored data that no longer matches its hashes is never served: the caller gets DATA_LOSS. */
    static <T> Uni<T> refuseTampered(Uni<T> read) {
        return read.onFailure(TamperedStoreException.class).transform(LedgerGrpcService::dataLoss);
    }

    private static RuntimeException dataLoss(Throwable tampered) {
        return Status.DATA_LOSS.withDescription(tampered.getMessage() + "; this node refuses to serve it")
                .asRuntimeException();
    }

    private ChannelRuntime hosted(org.carechain.proto.ledger.v1.Channel requested) {
        Channel channel = ProtoMapping.channel(requested);
        return channels.channel(channel).orElseThrow(() -> Status.FAILED_PRECONDITION
                .withDescription("this node does not host channel " + channel.id()).asRuntimeException());
    }
}

package org.carechain.ledger.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.node.LedgerNodes;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.proto.ledger.v1.ConsensusService;
import org.carechain.proto.ledger.v1.ExchangeRequest;
import org.carechain.proto.ledger.v1.ExchangeResponse;
import org.carechain.proto.ledger.v1.GetCommittedBlocksRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksResponse;
import org.jboss.logging.Logger;

/**
 * Where peers' consensus messages arrive. A malformed message is dropped with a log line, never
 * an error that would tear down the peer's stream: one bad message must not cut a validator off.
 */
@GrpcService
public class ConsensusGrpcService implements ConsensusService {

    private static final Logger LOG = Logger.getLogger(ConsensusGrpcService.class);

    static final int MAX_BLOCKS = 64;
    static final long MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

    @Inject
    LedgerNodes nodes;

    @Inject
    LedgerChannels channels;

    @Override
    public Multi<ExchangeResponse> exchange(Multi<ExchangeRequest> requests) {
        return requests.invoke(this::deliver).filter(ignored -> false).map(ignored -> ExchangeResponse.getDefaultInstance());
    }

    private void deliver(ExchangeRequest request) {
        try {
            Channel channel = ConsensusWire.channelOf(request.getMessage());
            ConsensusMessage message = ConsensusWire.fromWire(request.getMessage());
            nodes.node(channel).ifPresentOrElse(node -> node.deliver(message),
                    () -> LOG.debugf("dropped a consensus message for channel %s, which this node does not validate", channel.id()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("dropped a malformed consensus message: %s", e.getMessage());
        }
    }

    /**
     * Catch-up for a validator that fell behind: committed blocks from a height on, each with its
     * commit certificate, at most {@value #MAX_BLOCKS} and about {@value #MAX_RESPONSE_BYTES} bytes
     * at a time. The caller trusts none of it before checking the certificates.
     */
    @Override
    public Uni<GetCommittedBlocksResponse> getCommittedBlocks(GetCommittedBlocksRequest request) {
        return Uni.createFrom().deferred(() -> {
            Channel channel = ProtoMapping.channel(request.getChannel());
            ChannelRuntime runtime = channels.channel(channel).orElseThrow(() -> Status.FAILED_PRECONDITION
                    .withDescription("this node does not host channel " + channel.id()).asRuntimeException());
            if (request.getFromHeight() < 1) {
                throw new IllegalArgumentException("from_height must be at least 1");
            }
            int max = request.getMaxBlocks() == 0 ? MAX_BLOCKS : Math.min(request.getMaxBlocks(), MAX_BLOCKS);
            return LedgerGrpcService.refuseTampered(runtime.blocks().latestHeight(channel)
                    .flatMap(latest -> collect(runtime, request.getFromHeight(),
                            Math.min(latest, request.getFromHeight() + max - 1), GetCommittedBlocksResponse.newBuilder(), 0)));
        });
    }

    private Uni<GetCommittedBlocksResponse> collect(ChannelRuntime runtime, long height, long last,
            GetCommittedBlocksResponse.Builder response, long bytes) {
        if (height > last || bytes >= MAX_RESPONSE_BYTES) {
            return Uni.createFrom().item(response.build());
        }
        return runtime.blocks().block(runtime.channel(), height).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(response.build());
            }
            BlockStore.StoredBlock stored = found.get();
            org.carechain.proto.ledger.v1.Block block = ProtoMapping.block(stored.block(),
                    ProtoMapping.certificate(stored.certificate()));
            response.addBlocks(block);
            return collect(runtime, height + 1, last, response, bytes + block.getSerializedSize());
        });
    }
}

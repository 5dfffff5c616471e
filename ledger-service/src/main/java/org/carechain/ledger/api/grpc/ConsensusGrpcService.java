package org.carechain.ledger.api.grpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.LedgerNodes;
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

    @Inject
    LedgerNodes nodes;

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

    @Override
    public Uni<GetCommittedBlocksResponse> getCommittedBlocks(GetCommittedBlocksRequest request) {
        throw new UnsupportedOperationException("catch-up from peers is not built yet");
    }
}

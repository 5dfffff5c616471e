package org.carechain.ledger.network;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.ledger.api.grpc.ConsensusWire;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.LedgerConfig;
import org.carechain.ledger.node.PeerNetwork;
import org.carechain.proto.ledger.v1.ConsensusServiceGrpc;
import org.carechain.proto.ledger.v1.ExchangeRequest;
import org.carechain.proto.ledger.v1.ExchangeResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;
import org.jboss.logging.Logger;

/**
 * One long-lived gRPC stream to each peer ({@code carechain.ledger.peers}, {@code id=host:port}).
 * A broken stream is reopened on the next message; what was lost meanwhile the protocol recovers
 * through its timeouts and the core's re-gossip.
 */
@ApplicationScoped
public class GrpcPeerNetwork implements PeerNetwork {

    private static final Logger LOG = Logger.getLogger(GrpcPeerNetwork.class);

    private final List<Peer> peers = new ArrayList<>();

    @Inject
    GrpcPeerNetwork(LedgerConfig config) {
        String self = config.nodeId().orElse("");
        for (String entry : config.peers().orElse(List.of())) {
            String[] idAndTarget = entry.split("=", 2);
            if (idAndTarget.length != 2 || idAndTarget[0].isBlank() || idAndTarget[1].isBlank()) {
                throw new IllegalArgumentException("carechain.ledger.peers entries are id=host:port, got '" + entry + "'");
            }
            if (!idAndTarget[0].equals(self)) {
                peers.add(new Peer(idAndTarget[0], ManagedChannelBuilder.forTarget(idAndTarget[1]).usePlaintext().build()));
            }
        }
    }

    @Override
    public void broadcast(Channel channel, ConsensusMessage message) {
        ExchangeRequest wire = ConsensusWire.toWire(channel, message);
        peers.forEach(peer -> peer.send(wire));
    }

    @Override
    public void forwardBatch(SubmitBatchRequest request) {
        SubmitBatchRequest forwarded = request.toBuilder().setForwarded(true).build();
        for (Peer peer : peers) {
            LedgerServiceGrpc.newStub(peer.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .submitBatch(forwarded, new StreamObserver<>() {
                        @Override
                        public void onNext(SubmitBatchResponse value) {
                            // Receipts of a forwarded batch matter only to the original submitter.
                        }

                        @Override
                        public void onError(Throwable t) {
                            LOG.debugf("forwarding a batch to validator %s failed: %s", peer.id, t.getMessage());
                        }

                        @Override
                        public void onCompleted() {
                            // nothing to do
                        }
                    });
        }
    }

    @PreDestroy
    void close() {
        peers.forEach(peer -> peer.channel.shutdownNow());
    }

    private static final class Peer {
        private final String id;
        private final ManagedChannel channel;
        private StreamObserver<ExchangeRequest> stream;

        Peer(String id, ManagedChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        synchronized void send(ExchangeRequest request) {
            if (stream == null) {
                stream = ConsensusServiceGrpc.newStub(channel).exchange(new StreamObserver<>() {
                    @Override
                    public void onNext(ExchangeResponse value) {
                        // Peers answer nothing on this stream today.
                    }

                    @Override
                    public void onError(Throwable t) {
                        LOG.debugf("stream to validator %s broke: %s", id, t.getMessage());
                        reset();
                    }

                    @Override
                    public void onCompleted() {
                        reset();
                    }
                });
            }
            try {
                stream.onNext(request);
            } catch (RuntimeException e) {
                LOG.debugf("cannot send to validator %s: %s", id, e.getMessage());
                stream = null;
            }
        }

        private synchronized void reset() {
            stream = null;
        }
    }

}

package org.carechain.ledger.network;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.ledger.api.grpc.ConsensusWire;
import org.carechain.ledger.api.grpc.ProtoMapping;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.CertifiedBlock;
import org.carechain.ledger.node.LedgerConfig;
import org.carechain.ledger.node.PeerNetwork;
import org.carechain.proto.ledger.v1.ConsensusServiceGrpc;
import org.carechain.proto.ledger.v1.ExchangeRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksResponse;
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

    private static final long FETCH_DEADLINE_SECONDS = 20;
    // Catch-up answers carry whole blocks; a full block is bounded by its channel's genesis.
    private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

    private final List<Peer> peers = new ArrayList<>();
    private final ExecutorService fetcher = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "ledger-catch-up");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    GrpcPeerNetwork(LedgerConfig config) {
        String self = config.nodeId().orElse("");
        for (String entry : config.peers().orElse(List.of())) {
            String[] idAndTarget = entry.split("=", 2);
            if (idAndTarget.length != 2 || idAndTarget[0].isBlank() || idAndTarget[1].isBlank()) {
                throw new IllegalArgumentException("carechain.ledger.peers entries are id=host:port, got '" + entry + "'");
            }
            if (!idAndTarget[0].equals(self)) {
                peers.add(new Peer(idAndTarget[0], connect(idAndTarget[1]), connect(idAndTarget[1])));
            }
        }
    }

    private static ManagedChannel connect(String target) {
        return ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(MAX_INBOUND_BYTES).build();
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
            LedgerServiceGrpc.newStub(peer.submissions).withDeadlineAfter(10, TimeUnit.SECONDS)
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

    @Override
    public CompletableFuture<List<CertifiedBlock>> fetchCommitted(String preferred, Channel channel, long fromHeight,
            int maxBlocks) {
        List<Peer> order = new ArrayList<>(peers);
        order.sort(Comparator.comparing(peer -> !peer.id.equals(preferred)));
        GetCommittedBlocksRequest request = GetCommittedBlocksRequest.newBuilder()
                .setChannel(ProtoMapping.channel(channel))
                .setFromHeight(fromHeight)
                .setMaxBlocks(maxBlocks)
                .build();
        return CompletableFuture.supplyAsync(() -> {
            for (Peer peer : order) {
                List<CertifiedBlock> blocks = peer.committedBlocks(request);
                if (!blocks.isEmpty()) {
                    return blocks;
                }
            }
            return List.of();
        }, fetcher);
    }

    @PreDestroy
    void close() {
        fetcher.shutdownNow();
        peers.forEach(peer -> {
            peer.channel.shutdownNow();
            peer.submissions.shutdownNow();
        });
    }

    private static final class Peer {
        private final String id;
        private final ManagedChannel channel;
        // Forwarded batches travel on a connection of their own, so a burst of them never holds
        // up the consensus stream's frames.
        private final ManagedChannel submissions;
        private StreamObserver<ExchangeRequest> stream;

        Peer(String id, ManagedChannel channel, ManagedChannel submissions) {
            this.id = id;
            this.channel = channel;
            this.submissions = submissions;
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

        /** This peer's answer, or nothing if it fails or sends a malformed block. */
        List<CertifiedBlock> committedBlocks(GetCommittedBlocksRequest request) {
            try {
                GetCommittedBlocksResponse response = ConsensusServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(FETCH_DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .getCommittedBlocks(request);
                List<CertifiedBlock> blocks = new ArrayList<>(response.getBlocksCount());
                for (org.carechain.proto.ledger.v1.Block block : response.getBlocksList()) {
                    blocks.add(new CertifiedBlock(ProtoMapping.block(block), ProtoMapping.certificate(block.getCommit())));
                }
                return blocks;
            } catch (StatusRuntimeException e) {
                LOG.debugf("validator %s did not serve committed blocks: %s", id, e.getStatus());
                return List.of();
            } catch (IllegalArgumentException e) {
                LOG.warnf("validator %s served a malformed committed block: %s", id, e.getMessage());
                return List.of();
            }
        }

        private synchronized void reset() {
            stream = null;
        }
    }

}

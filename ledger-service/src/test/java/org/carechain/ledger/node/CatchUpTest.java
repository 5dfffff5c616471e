package org.carechain.ledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.carechain.consensus.Ed25519MessageSigner;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.Vote;
import org.carechain.consensus.VoteType;
import org.carechain.ledger.api.grpc.ConsensusWire;
import org.carechain.ledger.api.grpc.ProtoMapping;
import org.carechain.ledger.core.chain.BatchSeal;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.testing.TestChain;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.proto.ledger.v1.ConsensusServiceGrpc;
import org.carechain.proto.ledger.v1.ExchangeRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksResponse;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.api.Test;

/**
 * A validator alone at height 1 ignores a forged message from "height 5", then hears from a real
 * peer at height 5 and fetches the blocks it missed
 * from that peer, a real gRPC server on a real socket that plays a Byzantine validator: it takes
 * the certified blocks, and refuses one whose certificate lacks a quorum, whose transactions
 * were swapped, that lacks its submitters' seals, or that is sealed by a key outside the genesis,
 * until an honest copy arrives.
 */
@QuarkusTest
@TestProfile(CatchUpTest.Behind.class)
class CatchUpTest {

    private static final Genesis GENESIS = TestConsortium.genesis(Channel.SEARCH);
    private static final int PEER_PORT = freePort();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL root;

    @Inject
    LedgerChannels channels;

    public static class Behind implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("carechain-catch-up");
                Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
                Files.writeString(genesisDir.resolve("search.json"), GenesisJson.write(GENESIS));
                Path key = dir.resolve("ledger-0.key");
                Files.writeString(key, HexFormat.of().formatHex(TestConsortium.VALIDATORS.get(0).exportSeed()));
                return Map.of("carechain.ledger.genesis-dir", genesisDir.toString(),
                        "carechain.ledger.node-id", TestConsortium.validatorId(0),
                        "carechain.ledger.validator-key-file", key.toString(),
                        "carechain.ledger.peers", TestConsortium.validatorId(1) + "=127.0.0.1:" + PEER_PORT,
                        "carechain.database", "carechain_ledger_catchup_test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ServiceTestResource.class,
                    Map.of("database", "carechain_ledger_catchup_test")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void certifiedBlocksAreTakenAndForgedOnesRefused() throws Exception {
        List<CertifiedBlock> honest = TestChain.build(GENESIS, 4, 3);
        Block third = honest.get(2).block();
        List<CertifiedBlock> served = new CopyOnWriteArrayList<>(honest);
        served.set(2, new CertifiedBlock(third, TestChain.certify(GENESIS, third, 2)));
        AtomicInteger fetches = new AtomicInteger();
        Server peer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", PEER_PORT))
                .addService(byzantinePeer(served, fetches)).build().start();
        ManagedChannel toNode = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            keepSending(toNode, forgedAnnouncement(), Duration.ofSeconds(2));
            assertEquals(0, fetches.get(), "a message not signed by a validator made the node fetch blocks");

            assertTrue(awaitHeight(toNode, 2), "the two certified blocks were not committed");
            keepAnnouncing(toNode, Duration.ofSeconds(3));
            assertEquals(2, height(), "a block certified by two of four validators was committed");

            List<Transaction> swapped = new ArrayList<>(third.transactions());
            swapped.set(0, TestChain.transaction(Channel.SEARCH, 3, "swapped"));
            served.set(2, new CertifiedBlock(new Block(third.header(), swapped), honest.get(2).certificate()));
            keepAnnouncing(toNode, Duration.ofSeconds(3));
            assertEquals(2, height(), "a certified header with swapped transactions was committed");

            served.set(2, new CertifiedBlock(new Block(third.header(), third.transactions()), honest.get(2).certificate()));
            keepAnnouncing(toNode, Duration.ofSeconds(3));
            assertEquals(2, height(), "a certified block without its submitters' seals was committed");

            BatchSeal.Source stranger = BatchSeal.Source.of(TransactionBatch.sign(third.transactions(), TestConsortium.STRANGER));
            List<Integer> all = java.util.stream.IntStream.range(0, third.transactions().size()).boxed().toList();
            served.set(2, new CertifiedBlock(new Block(third.header(), third.transactions(), List.of(new BatchSeal(
                    stranger.submitter(), stranger.signature(), stranger.leaves(), all))), honest.get(2).certificate()));
            keepAnnouncing(toNode, Duration.ofSeconds(3));
            assertEquals(2, height(), "a certified block sealed by a key outside the genesis was committed");

            served.set(2, honest.get(2));
            assertTrue(awaitHeight(toNode, 4), "the honest blocks 3 and 4 were not committed");
            for (CertifiedBlock expected : honest) {
                Block stored = runtime().blocks().block(Channel.SEARCH, expected.height()).await().atMost(TIMEOUT)
                        .orElseThrow().block();
                assertEquals(expected.block(), stored);
            }
        } finally {
            toNode.shutdownNow();
            peer.shutdownNow();
        }
    }

    /**
     * What a peer at height 5 gossips every half second: here, its signed nil prevote. (The
     * node's first fetch may fail while its connection to the peer is still backing off.)
     */
    private static void announce(ManagedChannel toNode) {
        send(toNode, TestChain.vote(Channel.SEARCH, VoteType.PREVOTE, 5, null, 1));
    }

    private static void send(ManagedChannel toNode, Vote vote) {
        StreamObserver<ExchangeRequest> stream = ConsensusServiceGrpc.newStub(toNode).exchange(new Ignore<>());
        stream.onNext(ConsensusWire.toWire(Channel.SEARCH, vote));
        stream.onCompleted();
    }

    /** The same prevote at height 5 under ledger-1's name, but signed by a key outside the consortium. */
    private static Vote forgedAnnouncement() {
        String claimed = TestConsortium.validatorId(1);
        byte[] payload = SigningPayloads.of(TestConsortium.CHAIN_ID, Channel.SEARCH.id())
                .vote(5, 0, VoteType.PREVOTE, null, claimed);
        return new Vote(VoteType.PREVOTE, 5, 0, null, claimed,
                Ed25519MessageSigner.create(TestConsortium.STRANGER).sign(payload));
    }

    private static void keepSending(ManagedChannel toNode, Vote vote, Duration duration) throws InterruptedException {
        Instant end = Instant.now().plus(duration);
        while (Instant.now().isBefore(end)) {
            send(toNode, vote);
            Thread.sleep(250);
        }
    }

    private static void keepAnnouncing(ManagedChannel toNode, Duration duration) throws InterruptedException {
        Instant end = Instant.now().plus(duration);
        while (Instant.now().isBefore(end)) {
            announce(toNode);
            Thread.sleep(500);
        }
    }

    private boolean awaitHeight(ManagedChannel toNode, long wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            announce(toNode);
            if (height() >= wanted) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private long height() {
        return runtime().blocks().latestHeight(Channel.SEARCH).await().atMost(TIMEOUT);
    }

    private ChannelRuntime runtime() {
        return channels.channel(Channel.SEARCH).orElseThrow();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A peer that serves whatever blocks it is told to, from the asked height on, and swallows
     * consensus traffic. Built from the service descriptor rather than by extending the generated
     * base class, which Quarkus would take for a service of the application under test.
     */
    private static ServerServiceDefinition byzantinePeer(List<CertifiedBlock> served, AtomicInteger fetches) {
        return ServerServiceDefinition.builder(ConsensusServiceGrpc.getServiceDescriptor())
                .addMethod(ConsensusServiceGrpc.getExchangeMethod(),
                        ServerCalls.asyncBidiStreamingCall(responses -> new Ignore<ExchangeRequest>()))
                .addMethod(ConsensusServiceGrpc.getGetCommittedBlocksMethod(),
                        ServerCalls.<GetCommittedBlocksRequest, GetCommittedBlocksResponse>asyncUnaryCall((request, response) -> {
                            fetches.incrementAndGet();
                            GetCommittedBlocksResponse.Builder answer = GetCommittedBlocksResponse.newBuilder();
                            served.stream().filter(b -> b.height() >= request.getFromHeight()).forEach(b -> answer.addBlocks(
                                    ProtoMapping.block(b.block(), ProtoMapping.certificate(b.certificate()))));
                            response.onNext(answer.build());
                            response.onCompleted();
                        }))
                .build();
    }

    private static final class Ignore<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
            // nothing to do
        }

        @Override
        public void onError(Throwable t) {
            // nothing to do
        }

        @Override
        public void onCompleted() {
            // nothing to do
        }
    }
}

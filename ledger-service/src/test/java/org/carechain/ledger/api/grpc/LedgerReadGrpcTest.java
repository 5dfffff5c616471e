package org.carechain.ledger.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.CommitSignature;
import org.carechain.consensus.Ed25519MessageAuthenticator;
import org.carechain.consensus.Signature;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.NodeId;
import org.carechain.crypto.merkle.ProofNodes;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.significance.SignificanceRoot;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.testing.TestChain;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetSignificanceHistoryRequest;
import org.carechain.proto.ledger.v1.GetSignificanceHistoryResponse;
import org.carechain.proto.ledger.v1.GetSignificanceRequest;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.ProviderSignificance;
import org.carechain.proto.ledger.v1.SignificancePoint;
import org.carechain.proto.ledger.v1.StreamBlocksRequest;
import org.carechain.proto.ledger.v1.StreamBlocksResponse;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's read RPCs over a real socket, against the real database and committed blocks. */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
@QuarkusTestResource(TestConsortium.class)
class LedgerReadGrpcTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final org.carechain.proto.ledger.v1.Channel EHR = org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR;

    @TestHTTPResource("/")
    URL root;

    @Inject
    LedgerChannels channels;

    @Inject
    Pool pool;

    private ManagedChannel channel;
    private LedgerServiceGrpc.LedgerServiceBlockingStub ledger;
    private ChannelRuntime ehr;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        ledger = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
        ehr = channels.channel(Channel.EHR).orElseThrow();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Hash patient(String run) {
        return Hash.sha256(("patient " + run).getBytes());
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(TIMEOUT);
    }

    @Test
    void aTransactionComesWithAProofTheClientVerifiesAgainstTheCertifiedHeader() throws Exception {
        String run = TestChain.unique("get");
        List<Transaction> transactions = List.of(TestChain.recordEvent(run + "-1", "hospital1", patient(run)),
                TestChain.recordEvent(run + "-2", "hospital1", patient(run)),
                TestChain.recordEvent(run + "-3", "hospital2", patient(run)));
        Block block = TestChain.commit(ehr, transactions);
        Transaction wanted = transactions.get(1);

        GetTransactionResponse byHash = ledger.getTransaction(GetTransactionRequest.newBuilder().setChannel(EHR)
                .setTransactionHash(ProtoMapping.bytes(wanted.hash())).build());
        assertEquals(wanted, ProtoMapping.transaction(byHash.getTransaction()));
        assertEquals(block.header().height(), byHash.getHeight());
        assertEquals(block.header().log().size() - 2, byHash.getLeafIndex());
        assertEquals(block.header().log().size(), byHash.getTreeSize());
        assertEquals(ProtoMapping.header(block.header()), byHash.getHeader());

        // What a client does offline, holding only the channel's genesis.
        org.carechain.proto.ledger.v1.BlockHeader header = byHash.getHeader();
        TreeHead logHead = new TreeHead(header.getLogSize(), Hash.of(header.getLogRoot().toByteArray()));
        List<Hash> path = byHash.getAuditPathList().stream().map(b -> Hash.of(b.toByteArray())).toList();
        Transaction received = ProtoMapping.transaction(byHash.getTransaction());
        ProofVerifier.verifyInclusion(new InclusionProof(byHash.getLeafIndex(), byHash.getTreeSize(), path),
                received.hash(), logHead);
        Hash headerHash = rebuild(header).hash();
        assertEquals(Hash.of(byHash.getCommit().getBlockHash().toByteArray()), headerHash);
        Genesis genesis = TestConsortium.genesis(Channel.EHR);
        CommitCertificate.verify(
                ValidatorSet.of(genesis.validators().stream().map(Genesis.Member::id).toList()),
                SigningPayloads.of(genesis.chainId(), Channel.EHR.id()),
                Ed25519MessageAuthenticator.create(genesis.validators().stream()
                        .collect(Collectors.toMap(Genesis.Member::id, Genesis.Member::publicKey))),
                header.getHeight(), headerHash, certificate(byHash.getCommit()));

        GetTransactionResponse byKey = ledger.getTransaction(GetTransactionRequest.newBuilder().setChannel(EHR)
                .setIdempotencyKey(wanted.idempotencyKey()).build());
        assertEquals(byHash, byKey);
    }

    @Test
    void transactionLookupsCheckTheirInputAndSayWhatIsMissing() {
        Hash unknown = Hash.sha256("never submitted".getBytes());
        assertEquals(Status.Code.NOT_FOUND, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(EHR).setTransactionHash(ProtoMapping.bytes(unknown)).build())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(EHR).setIdempotencyKey("never-submitted").build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(EHR).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(EHR).setTransactionHash(ProtoMapping.bytes(unknown)).setIdempotencyKey("both").build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(EHR).setTransactionHash(ByteString.copyFrom(new byte[5])).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(EHR).setIdempotencyKey("spaces are not allowed").build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setIdempotencyKey("no-channel").build())));
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> ledger.getTransaction(GetTransactionRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH).setIdempotencyKey("k").build())));
    }

    @Test
    void aTransactionWhoseStoredDataWasAlteredIsRefusedWithDataLoss() {
        String run = TestChain.unique("tamper");
        Transaction transaction = TestChain.recordEvent(run, "hospital1", patient(run));
        Block block = TestChain.commit(ehr, List.of(transaction));
        GetTransactionRequest request = GetTransactionRequest.newBuilder().setChannel(EHR)
                .setTransactionHash(ProtoMapping.bytes(transaction.hash())).build();
        long index = ledger.getTransaction(request).getLeafIndex();
        long height = block.header().height();

        byte[] body = transaction.canonicalBytes();
        byte[] forged = TestChain.recordEvent(run, "hospital9", patient(run)).canonicalBytes();
        sql("UPDATE ledger_transaction SET body = $1 WHERE channel = 'ehr' AND log_index = $2",
                io.vertx.core.buffer.Buffer.buffer(forged), index);
        try {
            assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getTransaction(request)));
        } finally {
            sql("UPDATE ledger_transaction SET body = $1 WHERE channel = 'ehr' AND log_index = $2",
                    io.vertx.core.buffer.Buffer.buffer(body), index);
        }

        NodeId inPath = ProofNodes.inclusion(index, block.header().log().size()).ids().get(0);
        byte[] original = pool.preparedQuery(
                        "SELECT hash FROM ledger_tree_node WHERE channel = 'ehr' AND level = $1 AND idx = $2")
                .execute(Tuple.of((short) inPath.level(), inPath.index())).await().atMost(TIMEOUT)
                .iterator().next().getBuffer("hash").getBytes();
        sql("UPDATE ledger_tree_node SET hash = $1 WHERE channel = 'ehr' AND level = $2 AND idx = $3",
                io.vertx.core.buffer.Buffer.buffer(Hash.sha256(new byte[] {1}).toByteArray()), (short) inPath.level(),
                inPath.index());
        try {
            assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getTransaction(request)));
        } finally {
            sql("UPDATE ledger_tree_node SET hash = $1 WHERE channel = 'ehr' AND level = $2 AND idx = $3",
                    io.vertx.core.buffer.Buffer.buffer(original),
                    (short) inPath.level(), inPath.index());
        }

        byte[] certificate = TestChain.certificate(Channel.EHR, height, block.hash()).toBytes();
        byte[] otherBlock = TestChain.certificate(Channel.EHR, height, Hash.sha256(new byte[] {2})).toBytes();
        sql("UPDATE ledger_block SET commit_certificate = $1 WHERE channel = 'ehr' AND height = $2",
                io.vertx.core.buffer.Buffer.buffer(otherBlock), height);
        try {
            assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getTransaction(request)));
            assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getBlock(GetBlockRequest.newBuilder()
                    .setChannel(EHR).setHeight(height).build())));
        } finally {
            sql("UPDATE ledger_block SET commit_certificate = $1 WHERE channel = 'ehr' AND height = $2",
                    io.vertx.core.buffer.Buffer.buffer(certificate), height);
        }
        assertEquals(transaction, ProtoMapping.transaction(ledger.getTransaction(request).getTransaction()));
    }

    @Test
    void aStreamSendsTheStoredBlocksThenEachNewOneUntilTheCallerCancels() throws Exception {
        String run = TestChain.unique("stream");
        Block stored = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-1", "hospital1", patient(run))));
        long from = stored.header().height();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        int waitingBefore = ehr.commits().waiting();
        LedgerServiceGrpc.newStub(channel).streamBlocks(StreamBlocksRequest.newBuilder().setChannel(EHR)
                .setFromHeight(from).build(), new ClientResponseObserver<StreamBlocksRequest, StreamBlocksResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<StreamBlocksRequest> requestStream) {
                        call[0] = requestStream;
                    }

                    @Override
                    public void onNext(StreamBlocksResponse value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        received.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        received.add("completed");
                    }
                });

        StreamBlocksResponse first = (StreamBlocksResponse) received.poll(20, TimeUnit.SECONDS);
        assertEquals(ProtoMapping.header(stored.header()), first.getBlock().getHeader());
        assertEquals(ProtoMapping.bytes(stored.hash()), first.getBlock().getCommit().getBlockHash());
        awaitTrue(() -> ehr.commits().waiting() > waitingBefore);

        Block next = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-2", "hospital1", patient(run))));
        StreamBlocksResponse second = (StreamBlocksResponse) received.poll(20, TimeUnit.SECONDS);
        assertEquals(ProtoMapping.block(next, second.getBlock().getCommit()), second.getBlock());
        assertEquals(from + 1, second.getBlock().getHeader().getHeight());

        call[0].cancel("done", null);
        awaitTrue(() -> ehr.commits().waiting() == waitingBefore);
    }

    @Test
    void aStreamChecksItsRequest() {
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.streamBlocks(StreamBlocksRequest.newBuilder()
                .setChannel(EHR).setFromHeight(0).build()).hasNext()));
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> ledger.streamBlocks(StreamBlocksRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH).setFromHeight(1).build()).hasNext()));
    }

    @Test
    void theSignificanceTableHashesToTheRootInTheHeaderOfItsHeight() {
        String run = TestChain.unique("sig");
        String alpha = "alpha-" + run;
        String beta = "beta-" + run;
        Block first = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-1", alpha, patient(run))));
        Block second = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-2", beta, patient(run))));

        GetSignificanceResponse latest = ledger.getSignificance(GetSignificanceRequest.newBuilder().setChannel(EHR).build());
        assertEquals(second.header().height(), latest.getHeight());
        assertEquals(ProtoMapping.bytes(second.header().significanceRoot()), latest.getSignificanceRoot());
        assertEquals(second.header().significanceRoot(), recomputedRoot(latest));
        Map<String, Long> table = latest.getProvidersList().stream()
                .collect(Collectors.toMap(ProviderSignificance::getProvider, ProviderSignificance::getSignificanceNano));
        // Both fill both items of the same patient's Observation: n = 2, so each has half of v = 1.
        assertEquals(500_000_000L, table.get(alpha));
        assertEquals(500_000_000L, table.get(beta));

        GetSignificanceResponse before = ledger.getSignificance(GetSignificanceRequest.newBuilder().setChannel(EHR)
                .setHeight(first.header().height()).build());
        assertEquals(first.header().significanceRoot(), recomputedRoot(before));
        assertTrue(before.getProvidersList().stream().anyMatch(
                row -> row.getProvider().equals(alpha) && row.getSignificanceNano() == 1_000_000_000L));
        assertTrue(before.getProvidersList().stream().noneMatch(row -> row.getProvider().equals(beta)));

        GetSignificanceResponse one = ledger.getSignificance(GetSignificanceRequest.newBuilder().setChannel(EHR)
                .setHeight(first.header().height()).setProvider(beta).build());
        assertEquals(List.of(ProviderSignificance.newBuilder().setProvider(beta).setSignificanceNano(0).build()),
                one.getProvidersList());

        assertEquals(Status.Code.NOT_FOUND, code(() -> ledger.getSignificance(GetSignificanceRequest.newBuilder()
                .setChannel(EHR).setHeight(second.header().height() + 1000).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getSignificance(GetSignificanceRequest.newBuilder()
                .setChannel(EHR).setProvider("not an id").build())));
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> ledger.getSignificance(GetSignificanceRequest
                .newBuilder().setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH).build())));

        sql("UPDATE ledger_significance SET significance_nano = 900000000 WHERE channel = 'ehr' AND provider = $1", beta);
        try {
            assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getSignificance(GetSignificanceRequest.newBuilder()
                    .setChannel(EHR).setHeight(second.header().height()).build())));
        } finally {
            sql("UPDATE ledger_significance SET significance_nano = 500000000 WHERE channel = 'ehr' AND provider = $1", beta);
        }
    }

    @Test
    void aProvidersHistoryHasAPointForEachBlockThatChangedIt() {
        String run = TestChain.unique("hist");
        String gamma = "gamma-" + run;
        Block first = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-1", gamma, patient(run + "a"))));
        TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-x", "hospital1", patient(run + "x"))));
        Block third = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-2", gamma, patient(run + "b"))));
        Block fourth = TestChain.commit(ehr, List.of(TestChain.recordEvent(run + "-3", "other-" + run, patient(run + "b"))));
        long h1 = first.header().height();

        GetSignificanceHistoryResponse history = ledger.getSignificanceHistory(GetSignificanceHistoryRequest.newBuilder()
                .setChannel(EHR).setProvider(gamma).setFromHeight(h1).build());
        assertEquals(gamma, history.getProvider());
        assertEquals(List.of(point(h1, 1_000_000_000L), point(third.header().height(), 2_000_000_000L),
                point(fourth.header().height(), 1_500_000_000L)), history.getPointsList());

        assertEquals(List.of(point(h1, 1_000_000_000L)), ledger.getSignificanceHistory(GetSignificanceHistoryRequest
                .newBuilder().setChannel(EHR).setProvider(gamma).setFromHeight(1).setLimit(1).build()).getPointsList());
        assertEquals(List.of(point(third.header().height(), 2_000_000_000L)), ledger.getSignificanceHistory(
                GetSignificanceHistoryRequest.newBuilder().setChannel(EHR).setProvider(gamma).setFromHeight(h1 + 1)
                        .setToHeight(third.header().height()).build()).getPointsList());

        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getSignificanceHistory(
                GetSignificanceHistoryRequest.newBuilder().setChannel(EHR).setProvider(gamma).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getSignificanceHistory(
                GetSignificanceHistoryRequest.newBuilder().setChannel(EHR).setFromHeight(1).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getSignificanceHistory(
                GetSignificanceHistoryRequest.newBuilder().setChannel(EHR).setProvider(gamma).setFromHeight(5)
                        .setToHeight(4).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> ledger.getSignificanceHistory(
                GetSignificanceHistoryRequest.newBuilder().setChannel(EHR).setProvider(gamma).setFromHeight(1)
                        .setLimit(1001).build())));

        sql("DELETE FROM ledger_significance WHERE channel = 'ehr' AND provider = $1 AND height = $2", gamma,
                third.header().height());
        try {
            assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getSignificanceHistory(GetSignificanceHistoryRequest
                    .newBuilder().setChannel(EHR).setProvider(gamma).setFromHeight(h1).build())));
        } finally {
            sql("INSERT INTO ledger_significance (channel, provider, height, significance_nano) VALUES ('ehr', $1, $2, $3)",
                    gamma, third.header().height(), 2_000_000_000L);
        }
    }

    @Test
    void aNodeFillsInTheDerivedRowsOfBlocksCommittedWithoutThem() {
        String run = TestChain.unique("derived");
        Block block = TestChain.commit(ehr, List.of(TestChain.recordEvent(run, "delta-" + run, patient(run))));
        GetSignificanceRequest latest = GetSignificanceRequest.newBuilder().setChannel(EHR)
                .setHeight(block.header().height()).build();
        GetSignificanceResponse expected = ledger.getSignificance(latest);

        // As a database written before V5 looks: no significance rows, no patient index.
        sql("DELETE FROM ledger_significance WHERE channel = 'ehr'");
        sql("UPDATE ledger_transaction SET patient_ref = NULL WHERE channel = 'ehr'");
        sql("UPDATE ledger_channel SET derived_height = 0 WHERE channel = 'ehr'");
        assertEquals(Status.Code.DATA_LOSS, code(() -> ledger.getSignificance(latest)));

        ChannelRuntime.open(pool, TestConsortium.genesis(Channel.EHR), 10).await().atMost(TIMEOUT);
        assertEquals(expected, ledger.getSignificance(latest));
        long indexed = pool.preparedQuery("SELECT count(*) AS n FROM ledger_transaction WHERE channel = 'ehr' AND patient_ref = $1")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(patient(run).toByteArray())))
                .await().atMost(TIMEOUT).iterator().next().getLong("n");
        assertEquals(1, indexed);
    }

    private static SignificancePoint point(long height, long nano) {
        return SignificancePoint.newBuilder().setHeight(height).setSignificanceNano(nano).build();
    }

    /** What a client does: hash the returned table by the layout of {@link SignificanceRoot}. */
    private static Hash recomputedRoot(GetSignificanceResponse response) {
        SortedMap<String, Long> table = new TreeMap<>();
        response.getProvidersList().forEach(row -> table.put(row.getProvider(), row.getSignificanceNano()));
        return SignificanceRoot.of(table);
    }

    private static BlockHeader rebuild(org.carechain.proto.ledger.v1.BlockHeader header) {
        return new BlockHeader(ProtoMapping.channel(header.getChannel()), header.getHeight(),
                Hash.of(header.getPreviousBlockHash().toByteArray()), header.getTimestampMillis(), header.getProposer(),
                Hash.of(header.getTransactionsRoot().toByteArray()), Hash.of(header.getSignificanceRoot().toByteArray()),
                new TreeHead(header.getLogSize(), Hash.of(header.getLogRoot().toByteArray())));
    }

    private static CommitCertificate certificate(org.carechain.proto.ledger.v1.CommitCertificate proto) {
        return new CommitCertificate(proto.getHeight(), proto.getRound(), Hash.of(proto.getBlockHash().toByteArray()),
                proto.getSignaturesList().stream().map(s -> new CommitSignature(s.getValidator(),
                        Signature.of(s.getSignature().toByteArray()))).toList());
    }

    private static void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.get()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in time");
            Thread.sleep(20);
        }
    }
}

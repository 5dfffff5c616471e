package org.carechain.ledger.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.testing.TestChain;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.proto.ledger.v1.ConsensusServiceGrpc;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksRequest;
import org.carechain.proto.ledger.v1.GetCommittedBlocksResponse;
import org.carechain.proto.ledger.v1.GetInclusionProofRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;
import org.carechain.proto.ledger.v1.SubmitStatus;
import org.carechain.proto.ledger.v1.TransactionReceipt;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's gRPC edge over a real socket, against the real database. */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
@QuarkusTestResource(TestConsortium.class)
class LedgerGrpcServiceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL root;

    @Inject
    LedgerChannels channels;

    @Inject
    Pool pool;

    private ManagedChannel channel;
    private LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        ledger = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Transaction event(String key) {
        return new Transaction(Channel.EHR, key, new RecordEvent("hospital1", "Observation",
                Hash.sha256(key.getBytes()), Hash.sha256(new byte[] {2}), RecordEvent.Operation.CREATE,
                Hash.sha256(new byte[] {3}), new byte[] {0b11}, RecordEvent.SecurityLabel.N, "0/" + key.length(), 1L));
    }

    private static SubmitBatchRequest request(TransactionBatch batch) {
        org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch.newBuilder()
                .setSubmitterKeyId(batch.submitter().hex())
                .setSignature(ByteString.copyFrom(batch.signature()));
        batch.transactions().forEach(tx -> proto.addTransactions(ProtoMapping.transaction(tx)));
        return SubmitBatchRequest.newBuilder().setBatch(proto).build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void aSignedBatchIsAcceptedOnceAndAcknowledgedAsDuplicateAfter() {
        String run = unique("dup");
        TransactionBatch batch = TransactionBatch.sign(List.of(event(run + "-a"), event(run + "-b")), TestConsortium.SUBMITTER);
        SubmitBatchResponse first = ledger.submitBatch(request(batch));
        assertEquals(List.of(SubmitStatus.SUBMIT_STATUS_ACCEPTED, SubmitStatus.SUBMIT_STATUS_ACCEPTED),
                first.getReceiptsList().stream().map(TransactionReceipt::getStatus).toList());
        assertEquals(ProtoMapping.bytes(batch.transactions().get(0).hash()), first.getReceipts(0).getTransactionHash());
        SubmitBatchResponse again = ledger.submitBatch(request(batch));
        assertTrue(again.getReceiptsList().stream().allMatch(r -> r.getStatus() == SubmitStatus.SUBMIT_STATUS_DUPLICATE));
    }

    @Test
    void aSubmitterTheGenesisDoesNotListIsDenied() {
        TransactionBatch batch = TransactionBatch.sign(List.of(event(unique("stranger"))), TestConsortium.STRANGER);
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> ledger.submitBatch(request(batch)));
        assertEquals(Status.Code.PERMISSION_DENIED, error.getStatus().getCode());
    }

    @Test
    void aBatchWhoseSignatureDoesNotMatchIsUnauthenticated() {
        TransactionBatch signed = TransactionBatch.sign(List.of(event(unique("sig"))), TestConsortium.SUBMITTER);
        TransactionBatch swapped = new TransactionBatch(List.of(event(unique("other"))), signed.submitter(), signed.signature());
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> ledger.submitBatch(request(swapped)));
        assertEquals(Status.Code.UNAUTHENTICATED, error.getStatus().getCode());
    }

    @Test
    void aMalformedTransactionIsAnInvalidArgumentThatNamesIt() {
        TransactionBatch batch = TransactionBatch.sign(List.of(event(unique("bad"))), TestConsortium.SUBMITTER);
        SubmitBatchRequest request = request(batch);
        SubmitBatchRequest broken = request.toBuilder().setBatch(request.getBatch().toBuilder().setTransactions(0,
                request.getBatch().getTransactions(0).toBuilder().setRecordEvent(request.getBatch().getTransactions(0)
                        .getRecordEvent().toBuilder().setRecordRef(ByteString.copyFrom(new byte[5]))))).build();
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> ledger.submitBatch(broken));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("transaction 0: record_event.record_ref"),
                error.getStatus().getDescription());
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                () -> ledger.submitBatch(SubmitBatchRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    }

    @Test
    void aDatabaseBoundToAnotherGenesisIsRefused() {
        var original = TestConsortium.genesis(Channel.EHR);
        var other = new org.carechain.ledger.core.genesis.Genesis("another-chain", Channel.EHR, original.genesisTimeMillis(),
                original.validators(), original.submitters(), original.proposerPolicy(), original.starvingThreshold(),
                original.blockRewardNano(), original.timeouts(), original.maxBlockTransactions(), original.maxBlockBytes(),
                original.importantItems());
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> ChannelRuntime.open(pool, other, 10).await().atMost(TIMEOUT));
        assertTrue(error.getMessage().contains("another genesis"), error.getMessage());
        ChannelRuntime.open(pool, original, 10).await().atMost(TIMEOUT);
    }

    @Test
    void committedBlocksAreServedForCatchUpAndMalformedRequestsRefused() {
        ChannelRuntime runtime = channels.channel(Channel.EHR).orElseThrow();
        Block committed = TestChain.commit(runtime,
                List.of(TestChain.recordEvent(unique("catch-up"), "hospital1", Hash.sha256(new byte[] {5}))));
        long height = committed.header().height();
        ConsensusServiceGrpc.ConsensusServiceBlockingStub consensus = ConsensusServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS);

        GetCommittedBlocksResponse served = consensus.getCommittedBlocks(committedBlocks(
                org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR, height, 1));
        assertEquals(1, served.getBlocksCount());
        assertEquals(committed, ProtoMapping.block(served.getBlocks(0)));
        assertEquals(1, committed.seals().size());
        assertEquals(committed.hash(), ProtoMapping.certificate(served.getBlocks(0).getCommit()).blockId());
        assertEquals(0, consensus.getCommittedBlocks(committedBlocks(
                org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR, height + 1_000, 0)).getBlocksCount());

        StatusRuntimeException fromZero = assertThrows(StatusRuntimeException.class, () -> consensus.getCommittedBlocks(
                committedBlocks(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR, 0, 1)));
        assertEquals(Status.Code.INVALID_ARGUMENT, fromZero.getStatus().getCode());
        StatusRuntimeException unspecified = assertThrows(StatusRuntimeException.class, () -> consensus.getCommittedBlocks(
                committedBlocks(org.carechain.proto.ledger.v1.Channel.CHANNEL_UNSPECIFIED, 1, 1)));
        assertEquals(Status.Code.INVALID_ARGUMENT, unspecified.getStatus().getCode());
        StatusRuntimeException notHosted = assertThrows(StatusRuntimeException.class, () -> consensus.getCommittedBlocks(
                committedBlocks(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH, 1, 1)));
        assertEquals(Status.Code.FAILED_PRECONDITION, notHosted.getStatus().getCode());
    }

    private static GetCommittedBlocksRequest committedBlocks(org.carechain.proto.ledger.v1.Channel channel, long from, int max) {
        return GetCommittedBlocksRequest.newBuilder().setChannel(channel).setFromHeight(from).setMaxBlocks(max).build();
    }

    @Test
    void aChannelThisNodeDoesNotHostIsAFailedPrecondition() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> ledger.getTreeHead(
                GetTreeHeadRequest.newBuilder().setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, error.getStatus().getCode());
    }

    @Test
    void aCommittedBlockIsServedWithVerifiableProofsAndCertificate() throws Exception {
        ChannelRuntime ehr = channels.channel(Channel.EHR).orElseThrow();
        String run = unique("commit");
        List<Transaction> transactions = List.of(event(run + "-1"), event(run + "-2"), event(run + "-3"));
        ledger.submitBatch(request(TransactionBatch.sign(transactions, TestConsortium.SUBMITTER)));

        Block block = TestChain.commit(ehr, transactions);
        long height = block.header().height();
        TreeHead logAfter = block.header().log();
        assertTrue(transactions.stream().noneMatch(tx -> ehr.mempool().contains(tx.idempotencyKey())),
                "committed transactions leave the mempool");

        GetTreeHeadResponse head = ledger.getTreeHead(GetTreeHeadRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build());
        assertEquals(height, head.getTreeHead().getHeight());
        assertEquals(logAfter.size(), head.getTreeHead().getLogSize());
        assertEquals(3, head.getCommit().getSignaturesCount());
        TreeHead served = new TreeHead(head.getTreeHead().getLogSize(), Hash.of(head.getTreeHead().getLogRoot().toByteArray()));

        var proof = ledger.getInclusionProof(GetInclusionProofRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                .setTransactionHash(ProtoMapping.bytes(transactions.get(1).hash())).build());
        List<Hash> path = new ArrayList<>();
        proof.getAuditPathList().forEach(bytes -> path.add(Hash.of(bytes.toByteArray())));
        ProofVerifier.verifyInclusion(new InclusionProof(proof.getLeafIndex(), proof.getTreeSize(), path),
                transactions.get(1).hash(), served);

        var served1 = ledger.getBlock(GetBlockRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).setHeight(height).build()).getBlock();
        assertEquals(3, served1.getTransactionsCount());
        assertEquals(ProtoMapping.bytes(block.hash()), served1.getCommit().getBlockHash());

        SubmitBatchResponse again = ledger.submitBatch(request(TransactionBatch.sign(transactions, TestConsortium.SUBMITTER)));
        assertTrue(again.getReceiptsList().stream().allMatch(r -> r.getStatus() == SubmitStatus.SUBMIT_STATUS_DUPLICATE),
                "a committed key is a duplicate");
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> ledger.getBlock(GetBlockRequest
                .newBuilder().setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).setHeight(height + 100).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }
}

package org.carechain.cli.demo;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.CommitSignature;
import org.carechain.consensus.Ed25519MessageAuthenticator;
import org.carechain.consensus.Signature;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.proto.ledger.v1.GetInclusionProofRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;
import org.carechain.proto.ledger.v1.SubmitStatus;

/**
 * The ledger part of the demo: record events go in at one validator, are committed by the four
 * through Tendermint, and are proven to a client by two other validators, with nothing trusted
 * but the genesis: the client checks the commit certificate's signatures and each inclusion proof.
 * The events are synthetic: pseudonyms are hashes of made-up values, never health data.
 */
public final class LedgerDemo {

    private static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

    private final LocalCluster cluster;
    private final PrintStream out;
    private final CareChainService entry;
    private final CareChainService observer;
    private final CareChainService prover;

    /** Submits at ledger-0, watches the commit at ledger-2 and asks ledger-3 for the proofs. */
    LedgerDemo(LocalCluster cluster, PrintStream out) {
        this(cluster, out, CareChainService.LEDGER_0, CareChainService.LEDGER_2, CareChainService.LEDGER_3);
    }

    public LedgerDemo(LocalCluster cluster, PrintStream out, CareChainService entry, CareChainService observer,
            CareChainService prover) {
        this.cluster = cluster;
        this.out = out;
        this.entry = entry;
        this.observer = observer;
        this.prover = prover;
    }

    /** Returns the number of failed checks. */
    public int run(Reporter report) {
        try {
            return runChecked(report);
        } catch (IOException | GeneralSecurityException | StatusRuntimeException | IllegalArgumentException e) {
            return report.line(false, "ledger demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "ledger demo interrupted");
        }
    }

    private int runChecked(Reporter report) throws IOException, GeneralSecurityException, InterruptedException {
        LocalConsortium consortium = new LocalConsortium(cluster.config().consortiumDir());
        Genesis genesis = GenesisJson.parse(Files.readString(consortium.genesisDir().resolve("ehr.json")));
        Ed25519PrivateKey submitter = ConsortiumSetup.readKey(consortium.keyFile(LocalConsortium.DEMO_SUBMITTER));
        String run = Long.toString(Instant.now().toEpochMilli(), 36);
        List<Transaction> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new Transaction(Channel.EHR, "demo/" + run + "/" + i, new RecordEvent("demo-hospital", "Observation",
                    Hash.sha256(("record " + run + i).getBytes()), Hash.sha256(("patient " + run).getBytes()),
                    RecordEvent.Operation.CREATE, Hash.sha256(("content " + run + i).getBytes()), new byte[] {0b0011},
                    RecordEvent.SecurityLabel.N, "demo/" + run + "/" + i, Instant.now().toEpochMilli())));
        }
        out.println("  Three synthetic record events (hashes only, no health data) go to " + entry.instanceName()
                + ", signed as one batch.");
        int failures = 0;
        TransactionBatch batch = TransactionBatch.sign(events, submitter);
        SubmitBatchResponse receipts = stub(entry).submitBatch(request(batch));
        boolean accepted = receipts.getReceiptsList().stream().allMatch(r -> r.getStatus() == SubmitStatus.SUBMIT_STATUS_ACCEPTED);
        failures += report.line(accepted, entry.instanceName() + " accepted " + receipts.getReceiptsCount() + " transaction(s)");
        SubmitBatchResponse again = stub(entry).submitBatch(request(batch));
        failures += report.line(again.getReceiptsList().stream().allMatch(r -> r.getStatus() == SubmitStatus.SUBMIT_STATUS_DUPLICATE),
                "the same batch again is acknowledged as a duplicate, never stored twice");

        GetTreeHeadResponse head = awaitCommitted(observer, events);
        if (head == null) {
            return failures + report.line(false, observer.instanceName() + " saw no commit of the batch within "
                    + COMMIT_WAIT.toSeconds() + " s");
        }
        CommitCertificate certificate = certificate(head);
        Map<String, Ed25519PublicKey> keys = new HashMap<>();
        genesis.validators().forEach(v -> keys.put(v.id(), v.publicKey()));
        CommitCertificate.verify(ValidatorSet.of(genesis.validators().stream().map(Genesis.Member::id).toList()),
                SigningPayloads.of(genesis.chainId(), Channel.EHR.id()), Ed25519MessageAuthenticator.create(keys),
                head.getTreeHead().getHeight(), Hash.of(head.getTreeHead().getBlockHash().toByteArray()), certificate);
        failures += report.line(true, observer.instanceName() + " serves block " + head.getTreeHead().getHeight() + ", signed by "
                + certificate.signatures().size() + " of " + genesis.validators().size()
                + " validators; the client checked every signature against the genesis keys");

        TreeHead treeHead = new TreeHead(head.getTreeHead().getLogSize(), Hash.of(head.getTreeHead().getLogRoot().toByteArray()));
        for (Transaction event : events) {
            var proof = stub(prover).getInclusionProof(GetInclusionProofRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                    .setTransactionHash(ByteString.copyFrom(event.hash().toByteArray()))
                    .setTreeSize(treeHead.size()).build());
            List<Hash> path = proof.getAuditPathList().stream().map(b -> Hash.of(b.toByteArray())).toList();
            ProofVerifier.verifyInclusion(new InclusionProof(proof.getLeafIndex(), proof.getTreeSize(), path), event.hash(), treeHead);
        }
        failures += report.line(true, prover.instanceName() + " proved all three events are in the log of " + treeHead.size()
                + " transactions (RFC 6962 inclusion proofs, checked by the client)");
        return failures;
    }

    private GetTreeHeadResponse awaitCommitted(CareChainService validator, List<Transaction> events) throws InterruptedException {
        Instant deadline = Instant.now().plus(COMMIT_WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                GetTreeHeadResponse head = stub(validator).getTreeHead(GetTreeHeadRequest.newBuilder()
                        .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build());
                boolean allIn = true;
                for (Transaction event : events) {
                    try {
                        var proof = stub(validator).getInclusionProof(GetInclusionProofRequest.newBuilder()
                                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                                .setTransactionHash(ByteString.copyFrom(event.hash().toByteArray()))
                                .setTreeSize(head.getTreeHead().getLogSize()).build());
                        allIn &= proof.getTreeSize() == head.getTreeHead().getLogSize();
                    } catch (StatusRuntimeException notYet) {
                        allIn = false;
                    }
                }
                if (allIn) {
                    return head;
                }
            } catch (StatusRuntimeException noBlockYet) {
                // NOT_FOUND until the channel's first block is committed
            }
            Thread.sleep(200);
        }
        return null;
    }

    private static CommitCertificate certificate(GetTreeHeadResponse head) {
        List<CommitSignature> signatures = head.getCommit().getSignaturesList().stream()
                .map(s -> new CommitSignature(s.getValidator(), Signature.of(s.getSignature().toByteArray()))).toList();
        return new CommitCertificate(head.getCommit().getHeight(), head.getCommit().getRound(),
                Hash.of(head.getCommit().getBlockHash().toByteArray()), signatures);
    }

    private static SubmitBatchRequest request(TransactionBatch batch) {
        org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch.newBuilder()
                .setSubmitterKeyId(batch.submitter().hex())
                .setSignature(ByteString.copyFrom(batch.signature()));
        for (Transaction transaction : batch.transactions()) {
            RecordEvent event = (RecordEvent) transaction.payload();
            proto.addTransactions(org.carechain.proto.ledger.v1.Transaction.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                    .setIdempotencyKey(transaction.idempotencyKey())
                    .setRecordEvent(org.carechain.proto.ledger.v1.RecordEvent.newBuilder()
                            .setProvider(event.provider())
                            .setResourceType(event.resourceType())
                            .setRecordRef(ByteString.copyFrom(event.recordRef().toByteArray()))
                            .setPatientRef(ByteString.copyFrom(event.patientRef().toByteArray()))
                            .setOpValue(event.op().ordinal() + 1)
                            .setContentHash(ByteString.copyFrom(event.contentHash().toByteArray()))
                            .setItemMask(ByteString.copyFrom(event.itemMask()))
                            .setSecurityLabelValue(event.securityLabel().ordinal() + 1)
                            .setSourcePosition(event.sourcePosition())
                            .setCommittedAtMillis(event.committedAtMillis())));
        }
        return SubmitBatchRequest.newBuilder().setBatch(proto).build();
    }

    private LedgerServiceGrpc.LedgerServiceBlockingStub stub(CareChainService validator) {
        ManagedChannel channel = channels.computeIfAbsent(validator,
                v -> ManagedChannelBuilder.forTarget(cluster.service(v).grpcTarget()).usePlaintext().build());
        return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private final Map<CareChainService, ManagedChannel> channels = new HashMap<>();

    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }

    /** Prints one check's outcome; returns 1 if it failed. */
    @FunctionalInterface
    public interface Reporter {
        int line(boolean ok, String text);
    }
}

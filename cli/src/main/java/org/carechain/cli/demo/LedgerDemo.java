package org.carechain.cli.demo;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.cli.ledger.SubmitRequests;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.significance.SignificanceRoot;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.ledger.core.verify.TransactionQuery;
import org.carechain.ledger.core.verify.VerificationException;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetConsistencyProofRequest;
import org.carechain.proto.ledger.v1.GetSignificanceRequest;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.ProviderSignificance;
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
        } catch (VerificationException e) {
            return report.line(false, "verification failed: " + e.getMessage());
        } catch (IOException | GeneralSecurityException | StatusRuntimeException | IllegalArgumentException e) {
            return report.line(false, "ledger demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "ledger demo interrupted");
        }
    }

    private int runChecked(Reporter report)
            throws IOException, GeneralSecurityException, InterruptedException, VerificationException {
        LocalConsortium consortium = new LocalConsortium(cluster.config().consortiumDir());
        Genesis genesis = GenesisJson.parse(Files.readString(consortium.genesisDir().resolve("ehr.json")));
        LedgerVerifier verifier = LedgerVerifier.forGenesis(genesis);
        Ed25519PrivateKey submitter = ConsortiumSetup.readKey(consortium.keyFile(LocalConsortium.DEMO_SUBMITTER));
        String run = Long.toString(Instant.now().toEpochMilli(), 36);
        Hash patient = Hash.sha256(("patient " + run).getBytes(StandardCharsets.UTF_8));
        List<Transaction> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new Transaction(Channel.EHR, "demo/" + run + "/" + i, new RecordEvent("demo-hospital", "Observation",
                    Hash.sha256(("record " + run + i).getBytes(StandardCharsets.UTF_8)), patient,
                    RecordEvent.Operation.CREATE, Hash.sha256(("content " + run + i).getBytes(StandardCharsets.UTF_8)),
                    new byte[] {0b0011}, RecordEvent.SecurityLabel.N, "demo/" + run + "/" + i, Instant.now().toEpochMilli())));
        }
        out.println("  Three synthetic record events (hashes and pseudonyms only, no health data) go to "
                + entry.instanceName() + ", signed as one batch by the demo submitter's key.");
        int failures = 0;
        TransactionBatch batch = TransactionBatch.sign(events, submitter);
        SubmitBatchResponse receipts = stub(entry).submitBatch(SubmitRequests.recordEvents(batch));
        boolean accepted = receipts.getReceiptsList().stream().allMatch(r -> r.getStatus() == SubmitStatus.SUBMIT_STATUS_ACCEPTED);
        failures += report.line(accepted, entry.instanceName() + " accepted " + receipts.getReceiptsCount() + " transaction(s)");
        SubmitBatchResponse again = stub(entry).submitBatch(SubmitRequests.recordEvents(batch));
        failures += report.line(again.getReceiptsList().stream().allMatch(r -> r.getStatus() == SubmitStatus.SUBMIT_STATUS_DUPLICATE),
                "the same batch again is acknowledged as a duplicate, never stored twice");

        if (!awaitCommitted(observer, events)) {
            return failures + report.line(false, observer.instanceName() + " saw no commit of the batch within "
                    + COMMIT_WAIT.toSeconds() + " s");
        }
        out.println("  " + prover.instanceName() + " hands each event back with its RFC 6962 inclusion proof, its block"
                + " header and that block's commit certificate; the client checks all of it against the genesis"
                + " validator keys alone, trusting no node:");
        long eventHeight = 0;
        for (Transaction event : events) {
            TransactionProof proof = ResponseMapping.transactionProof(stub(prover).getTransaction(GetTransactionRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                    .setTransactionHash(ByteString.copyFrom(event.hash().toByteArray())).build()));
            verifier.verifyTransaction(new TransactionQuery.ByHash(event.hash()), proof);
            eventHeight = proof.height();
            failures += report.line(true, "event " + event.idempotencyKey().substring(event.idempotencyKey().lastIndexOf('/') + 1)
                    + ": block " + proof.height() + ", leaf " + proof.inclusion().leafIndex() + " of "
                    + proof.inclusion().treeSize() + ", signed by " + proof.block().certificate().signatures().size()
                    + " of " + genesis.validators().size() + " validators: verified");
        }
        failures += checkConsistency(report, verifier, eventHeight);
        failures += checkSignificance(report);
        failures += checkTrail(report, patient, events);
        return failures;
    }

    /** The latest block's log extends the log of the block that holds the events: no rewritten history. */
    private int checkConsistency(Reporter report, LedgerVerifier verifier, long eventHeight) throws VerificationException {
        out.println("  History cannot be rewritten unnoticed: the log of " + observer.instanceName()
                + "'s latest block must extend the log of the events' block (RFC 6962 consistency proof):");
        long latest = stub(observer).getTreeHead(GetTreeHeadRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build()).getTreeHead().getHeight();
        CertifiedHeader first = ResponseMapping.certifiedHeader(block(observer, eventHeight));
        CertifiedHeader second = ResponseMapping.certifiedHeader(block(observer, latest));
        long size1 = first.header().log().size();
        long size2 = second.header().log().size();
        List<Hash> path = size1 == 0 || size1 == size2 ? List.of()
                : ResponseMapping.hashes(stub(observer).getConsistencyProof(GetConsistencyProofRequest.newBuilder()
                        .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                        .setFirstSize(size1).setSecondSize(size2).build()).getProofList(), "proof");
        verifier.verifyConsistency(first, second, new ConsistencyProof(size1, size2, path));
        return report.line(true, "block " + eventHeight + " (log of " + size1 + ") -> block " + latest + " (log of " + size2
                + "): both certified, the later log extends the earlier one");
    }

    /** The significance table, recomputed into the root that the block header commits to. */
    private int checkSignificance(Reporter report) {
        out.println("  Significance: each provider's record values (completeness times uniqueness) plus R per block it"
                + " proposed, derived by every validator; the client hashes the table it is given and compares it"
                + " with the root in the block header:");
        GetSignificanceResponse table = stub(entry).getSignificance(GetSignificanceRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build());
        SortedMap<String, Long> nanoByProvider = new TreeMap<>();
        for (ProviderSignificance row : table.getProvidersList()) {
            nanoByProvider.put(row.getProvider(), row.getSignificanceNano());
            out.printf("          %-16s %s%n", row.getProvider(), BigDecimal.valueOf(row.getSignificanceNano(), 9).toPlainString());
        }
        Hash root = SignificanceRoot.of(nanoByProvider);
        Hash headerRoot = Hash.of(block(entry, table.getHeight()).getHeader().getSignificanceRoot().toByteArray());
        return report.line(root.equals(headerRoot) && nanoByProvider.containsKey("demo-hospital"),
                "the table after block " + table.getHeight() + " (" + nanoByProvider.size() + " providers, demo-hospital"
                        + " among them) hashes to the header's significance root");
    }

    /** An auditor reads the patient's trail over REST, by pseudonym. */
    private int checkTrail(Reporter report, Hash patient, List<Transaction> events) throws IOException, InterruptedException {
        String path = "/api/v1/ledger/ehr/patients/" + patient.toHex() + "/events";
        out.println("  An auditor's view over REST (JWT role auditor): GET " + path.replace(patient.toHex(), "<pseudonym>"));
        DevTokenIssuer tokens = DevTokenIssuer.loadOrCreate(cluster.config().jwtDir(), cluster.config().jwtIssuer());
        HttpRequest request = HttpRequest.newBuilder(cluster.uri(entry).resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.mint("demo-auditor", List.of("auditor"), Duration.ofMinutes(5)))
                .GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        boolean allThere = events.stream().allMatch(e -> response.body().contains(((RecordEvent) e.payload()).contentHash().toHex()));
        return report.line(response.statusCode() == 200 && allThere,
                "the patient's trail lists the three events in chain order (HTTP " + response.statusCode() + ")");
    }

    private org.carechain.proto.ledger.v1.Block block(CareChainService validator, long height) {
        return stub(validator).getBlock(GetBlockRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).setHeight(height).build()).getBlock();
    }

    /** Whether every event is committed as seen from the validator, within the wait. */
    private boolean awaitCommitted(CareChainService validator, List<Transaction> events) throws InterruptedException {
        Instant deadline = Instant.now().plus(COMMIT_WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                for (Transaction event : events) {
                    stub(validator).getTransaction(GetTransactionRequest.newBuilder()
                            .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                            .setTransactionHash(ByteString.copyFrom(event.hash().toByteArray())).build());
                }
                return true;
            } catch (StatusRuntimeException notYet) {
                // NOT_FOUND until the block that holds it is committed
            }
            Thread.sleep(200);
        }
        return false;
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

package org.carechain.ledger.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ehr.capture.CaptureException;
import org.carechain.ehr.capture.CaptureSettings;
import org.carechain.ehr.capture.CaptureSetup;
import org.carechain.ehr.capture.CaptureSetupException;
import org.carechain.ehr.capture.ChangeSource;
import org.carechain.ehr.capture.SourceTransaction;
import org.carechain.ehr.fhir.ItemMasks;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ehr.record.RecordEvents;
import org.carechain.ledger.api.grpc.BatchSubmission;
import org.carechain.ledger.api.grpc.ProtoMapping;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.significance.RecordKey;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.node.LedgerConfig;
import org.carechain.ledger.node.LedgerNodes;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.carechain.proto.ledger.v1.SubmitBatchResponse;
import org.carechain.proto.ledger.v1.SubmitStatus;
import org.carechain.proto.ledger.v1.TransactionReceipt;
import org.jboss.logging.Logger;

/**
 * Captures the provider's EHR database onto the ehr channel, exactly once: it reads committed
 * changes from a logical replication slot, turns each into a record event whose idempotency key
 * is its source position, submits them to this node, and confirms a position to PostgreSQL only
 * when every event up to it is committed on the chain ({@link CaptureProgress}). After a crash the
 * slot replays what was not confirmed; events that did commit are found on the chain and skipped,
 * the others are submitted again under the same keys.
 *
 * <p>It runs on its own thread and never stops the validator: a database that is down or set up
 * wrongly is reported (log, health check, metrics) and retried.
 */
@ApplicationScoped
public class EhrCapture {

    private static final Logger LOG = Logger.getLogger(EhrCapture.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration LAG_CHECK = Duration.ofSeconds(1);
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    CaptureConfig config;

    @Inject
    LedgerConfig ledger;

    @Inject
    LedgerChannels channels;

    @Inject
    BatchSubmission submission;

    @Inject
    LedgerNodes nodes;

    @Inject
    MeterRegistry registry;

    private volatile CaptureStatus status = CaptureStatus.disabled();
    private volatile CaptureProgress progress = new CaptureProgress();
    private volatile boolean running;
    private final AtomicLong retainedWalBytes = new AtomicLong(-1);
    private Thread thread;
    private String provider;
    private ChannelRuntime runtime;
    private RecordEvents mapper;
    private volatile EhrRecords records;
    private Ed25519PrivateKey submitter;
    private CaptureSettings settings;
    private Counter submitted;
    private Counter reconciled;
    private Counter refused;
    private Timer commitLag;

    // After the ledger's channels and nodes have started.
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 2000) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        configure();
        runtime.onCommit(this::committed);
        running = true;
        thread = new Thread(this::run, "ehr-capture");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("capturing %s of %s for provider %s into the ehr channel", settings.table(), settings.describe(),
                provider);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What capture is doing, for the health check. */
    public CaptureStatus status() {
        return status;
    }

    /** WAL bytes the slot retains, or -1 before the first reading. */
    public long retainedWalBytes() {
        return retainedWalBytes.get();
    }

    public long maxRetainedWalBytes() {
        return config.maxRetainedWalBytes();
    }

    /** The captured provider's records; empty where capture is off. */
    public Optional<EhrRecords> records() {
        return Optional.ofNullable(records);
    }

    /** The channel capture writes to; only once capture is configured. */
    public ChannelRuntime channel() {
        return runtime;
    }

    /** Checks the configuration; a capture that cannot work as configured stops the node at start-up. */
    private void configure() {
        provider = config.provider().or(ledger::nodeId).orElseThrow(() -> new IllegalStateException(
                "change capture is enabled but neither carechain.capture.provider nor carechain.ledger.node-id is set"));
        runtime = channels.channel(Channel.EHR).orElseThrow(() -> new IllegalStateException(
                "change capture is enabled but this node does not host the ehr channel (no ehr.json in the genesis directory)"));
        String database = config.database().name().orElseThrow(() -> new IllegalStateException(
                "change capture is enabled but carechain.capture.database.name (CARECHAIN_CAPTURE_DB_NAME) is not set"));
        ProviderKeys keys;
        try {
            keys = ProviderKeys.load(config.keysDir().orElseThrow(() -> new IllegalStateException(
                    "change capture is enabled but carechain.capture.keys-dir (CARECHAIN_CAPTURE_KEYS_DIR) is not set")),
                    config.keysPrefix().orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the provider keys in " + config.keysDir().get() + ": "
                    + e.getMessage(), e);
        }
        submitter = LedgerNodes.readKey(config.submitterKeyFile().orElseThrow(() -> new IllegalStateException(
                "change capture is enabled but carechain.capture.submitter-key-file is not set")), "capture submitter key");
        if (runtime.submitterKey(submitter.publicKey().keyId()).isEmpty()) {
            throw new IllegalStateException("the capture submitter key " + submitter.publicKey().keyId().hex()
                    + " is not a submitter of the ehr channel's genesis");
        }
        mapper = new RecordEvents(provider, keys, new ItemMasks(runtime.genesis().importantItems()));
        settings = new CaptureSettings(config.database().host(), config.database().port(), database,
                config.database().user(), config.database().password().orElse(""), config.slot(), config.publication(),
                config.table(), Duration.ofSeconds(10));
        records = new EhrRecords(provider, keys, settings);
        submitted = Counter.builder("carechain.capture.events").description("record events handed to the ledger")
                .tag("source", provider).register(registry);
        reconciled = Counter.builder("carechain.capture.reconciled")
                .description("changes whose operation did not fit the chain's view of the record (capture was bypassed)")
                .tag("source", provider).register(registry);
        refused = Counter.builder("carechain.capture.refused")
                .description("changes that cannot become record events (not FHIR of their type, or no patient link)")
                .tag("source", provider).register(registry);
        commitLag = Timer.builder("carechain.capture.commit.lag")
                .description("from the change's commit in the EHR database to its block's commit on the ledger")
                .tag("source", provider).publishPercentileHistogram().register(registry);
        Gauge.builder("carechain.capture.lag.bytes", retainedWalBytes, AtomicLong::get)
                .description("WAL bytes between the EHR database's current position and the last change recorded on the ledger")
                .tag("source", provider).register(registry);
    }

    private void run() {
        while (running) {
            try {
                captureUntilStopped();
            } catch (CaptureSetupException e) {
                fail("the EHR database is not set up for capture: " + e.getMessage());
            } catch (CaptureException | SQLException | RuntimeException e) {
                fail("capture failed and restarts from the last confirmed position: " + e.getMessage());
            }
            sleep(RETRY);
        }
    }

    private void fail(String message) {
        if (running) {
            status = CaptureStatus.failed(message);
            LOG.error(message);
        }
    }

    private void captureUntilStopped() throws CaptureSetupException, CaptureException, SQLException {
        new CaptureSetup(settings).ensure(config.createMissing());
        awaitCaughtUp();
        try (ChangeSource source = ChangeSource.open(settings);
                Connection monitor = DriverManager.getConnection(settings.jdbcUrl(), settings.connectionProperties())) {
            progress = new CaptureProgress();
            status = CaptureStatus.running();
            Housekeeping housekeeping = new Housekeeping(source, monitor);
            while (running) {
                List<SourceTransaction> group = pollGroup(source);
                if (!group.isEmpty()) {
                    handle(group, housekeeping);
                }
                housekeeping.run();
            }
        }
    }

    /** Between submissions: confirm what is on the chain, hand over again what is overdue, read the lag. */
    private final class Housekeeping {
        private final ChangeSource source;
        private final Connection monitor;
        private long nextLagCheck;

        Housekeeping(ChangeSource source, Connection monitor) {
            this.source = source;
            this.monitor = monitor;
        }

        void run() throws CaptureException, SQLException {
            var confirmable = progress.confirmable();
            if (confirmable.isPresent()) {
                source.confirm(confirmable.getAsLong());
            }
            List<Transaction> overdue = progress.overdue(System.nanoTime(), config.resubmitAfter());
            if (!overdue.isEmpty()) {
                LOG.infof("submitting %d record event(s) again: not committed within %s", overdue.size(),
                        config.resubmitAfter());
                submit(overdue);
            }
            if (System.nanoTime() - nextLagCheck >= 0) {
                retainedWalBytes.set(ChangeSource.lagBytes(monitor, settings.slotName()));
                nextLagCheck = System.nanoTime() + LAG_CHECK.toNanos();
            }
        }
    }

    /**
     * Waits until this node commits a block made after capture (re)started: before that, a node
     * that was down may still be fetching blocks its peers committed meanwhile, and capture would
     * judge replayed changes against a stale view of their records.
     */
    private void awaitCaughtUp() {
        long since = System.currentTimeMillis();
        while (running && runtime.chainState().parentTimeMillis() < since) {
            status = CaptureStatus.waiting("waiting for this validator to reach the chain's head before capturing");
            sleep(Duration.ofMillis(200));
        }
        // A block fetched while catching up can be newer than the restart and still not the last.
        awaitHead();
    }

    /**
     * Waits until this validator has committed a new block and is at the head of the chain as far
     * as its peers' messages tell, or 30 s pass.
     */
    private void awaitHead() {
        long target = runtime.commits().height() + 1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        var node = nodes.node(Channel.EHR);
        while (running && System.nanoTime() < deadline
                && (runtime.commits().height() < target || !node.map(n -> n.atHead()).orElse(true))) {
            sleep(Duration.ofMillis(20));
        }
    }

    /** The committed source transactions available now, up to about {@code maxBatch} changes. */
    private List<SourceTransaction> pollGroup(ChangeSource source) throws CaptureException {
        List<SourceTransaction> group = new ArrayList<>();
        int changes = 0;
        Optional<SourceTransaction> next = source.poll(POLL);
        while (next.isPresent()) {
            group.add(next.get());
            changes += next.get().changes().size();
            if (changes >= config.maxBatch()) {
                break;
            }
            next = source.poll(Duration.ZERO);
        }
        return group;
    }

    private void handle(List<SourceTransaction> group, Housekeeping housekeeping) throws CaptureException, SQLException {
        List<List<Transaction>> mapped = new ArrayList<>(group.size());
        List<String> keys = new ArrayList<>();
        for (SourceTransaction transaction : group) {
            List<Transaction> events = new ArrayList<>(transaction.changes().size());
            for (RecordChange change : transaction.changes()) {
                try {
                    Transaction event = mapper.toTransaction(change);
                    events.add(event);
                    keys.add(event.idempotencyKey());
                } catch (IllegalArgumentException e) {
                    // The message names only the resource type and the source position.
                    refused.increment();
                    LOG.warnf("not recorded: %s", e.getMessage());
                }
            }
            mapped.add(events);
        }
        Set<String> onChain = runtime.blocks().committedKeys(Channel.EHR, keys).await().atMost(SUBMIT_TIMEOUT);
        awaitNoEarlierEventInFlight(mapped, housekeeping);
        List<Transaction> batch = new ArrayList<>();
        // Whether each record is live after the group's events decided so far: one source
        // transaction may create a record and update it, before either is in flight.
        java.util.Map<RecordKey, Boolean> decided = new java.util.HashMap<>();
        for (int i = 0; i < group.size(); i++) {
            List<Transaction> toSubmit = new ArrayList<>();
            for (Transaction event : mapped.get(i)) {
                if (onChain.contains(event.idempotencyKey())) {
                    continue; // a replay of an event the chain already holds
                }
                RecordKey key = CaptureProgress.keyOf((RecordEvent) event.payload());
                Optional<Transaction> fitted = reconcile(event, Optional.ofNullable(decided.get(key)));
                fitted.ifPresent(toSubmit::add);
                decided.put(key, fitted.map(t -> ((RecordEvent) t.payload()).op() != RecordEvent.Operation.DELETE)
                        .orElse(false));
            }
            // Registered before submission, so that a commit racing the submission is not missed.
            progress.submitted(group.get(i).commitLsnValue(), toSubmit, System.nanoTime());
            batch.addAll(toSubmit);
        }
        if (!batch.isEmpty()) {
            submit(batch);
        }
    }

    /**
     * Holds the group back while an event of one of its records from an earlier submission is not
     * committed yet. Validators offer a batch's transactions in order and a proposer takes them in
     * mempool order; across two batches that order is not guaranteed (forwarding, a restart), and a
     * DELETE committed before the UPDATE it follows would make the UPDATE invalid for ever. Keeping
     * each record's uncommitted events in one batch at a time rules that out; records without
     * events in flight, the common case, pass at once.
     */
    private void awaitNoEarlierEventInFlight(List<List<Transaction>> mapped, Housekeeping housekeeping)
            throws CaptureException, SQLException {
        java.util.Set<RecordKey> touched = new java.util.HashSet<>();
        mapped.forEach(events -> events.forEach(event -> touched.add(CaptureProgress.keyOf((RecordEvent) event.payload()))));
        while (running && touched.stream().anyMatch(key -> progress.liveInFlight(key).isPresent())) {
            housekeeping.run();
            sleep(Duration.ofMillis(10));
        }
    }

    /** The event to submit for a change, fitted to the chain's view of the record; empty to submit none. */
    private Optional<Transaction> reconcile(Transaction event, Optional<Boolean> liveInGroup) {
        RecordEvent record = (RecordEvent) event.payload();
        if (!runtime.genesis().importantItems().covers(record.resourceType())) {
            return Optional.of(event); // the chain keeps no lifecycle for types it does not count
        }
        RecordKey key = CaptureProgress.keyOf(record);
        Optional<Boolean> inFlight = liveInGroup.or(() -> progress.liveInFlight(key));
        boolean live = inFlight.orElseGet(() -> runtime.chainState().significance().isLive(key));
        CaptureReconciliation reconciliation = CaptureReconciliation.of(record.op(), live);
        if (reconciliation != CaptureReconciliation.AS_READ && inFlight.isEmpty()) {
            // This node may be behind the chain (after a restart, or under load): judge a misfit
            // again once it is at the head before calling it a bypass.
            awaitHead();
            reconciliation = CaptureReconciliation.of(record.op(), runtime.chainState().significance().isLive(key));
        }
        if (reconciliation == CaptureReconciliation.AS_READ) {
            return Optional.of(event);
        }
        reconciled.increment();
        LOG.warnf("%s at %s: %s (a change escaped capture; the audit reports the gap)", record.resourceType(),
                record.sourcePosition(), reconciliation);
        return reconciliation.submitted(record.op()).map(op -> new Transaction(Channel.EHR, event.idempotencyKey(),
                new RecordEvent(record.provider(), record.resourceType(), record.recordRef(), record.patientRef(), op,
                        record.contentHash(), op == RecordEvent.Operation.DELETE ? new byte[0] : record.itemMask(),
                        record.securityLabel(), record.sourcePosition(), record.committedAtMillis())));
    }

    private void submit(List<Transaction> events) {
        for (int from = 0; from < events.size(); from += TransactionBatch.MAX_TRANSACTIONS) {
            List<Transaction> part = events.subList(from, Math.min(events.size(), from + TransactionBatch.MAX_TRANSACTIONS));
            TransactionBatch batch = TransactionBatch.sign(part, submitter);
            org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch
                    .newBuilder()
                    .setSubmitterKeyId(batch.submitter().hex())
                    .setSignature(com.google.protobuf.ByteString.copyFrom(batch.signature()));
            part.forEach(event -> proto.addTransactions(ProtoMapping.transaction(event)));
            SubmitBatchResponse response = submission.submit(SubmitBatchRequest.newBuilder().setBatch(proto).build())
                    .await().atMost(SUBMIT_TIMEOUT);
            List<String> duplicates = new ArrayList<>();
            int full = 0;
            for (TransactionReceipt receipt : response.getReceiptsList()) {
                if (receipt.getStatus() == SubmitStatus.SUBMIT_STATUS_DUPLICATE) {
                    duplicates.add(receipt.getIdempotencyKey());
                } else if (receipt.getStatus() != SubmitStatus.SUBMIT_STATUS_ACCEPTED) {
                    full++;
                }
            }
            submitted.increment(part.size() - full);
            if (!duplicates.isEmpty()) {
                // Already committed (then done) or already waiting in the mempool (then its block tells).
                progress.committedKeys(runtime.blocks().committedKeys(Channel.EHR, duplicates).await().atMost(SUBMIT_TIMEOUT));
            }
            if (full > 0) {
                LOG.warnf("the ledger refused %d event(s) for now (mempool full); they are submitted again later", full);
                sleep(Duration.ofMillis(200));
            }
        }
    }

    /** On the committing thread: the block's events of this capture are on the chain. */
    private void committed(Block block) {
        long now = System.currentTimeMillis();
        List<Transaction> ours = new ArrayList<>();
        for (Transaction transaction : block.transactions()) {
            if (transaction.payload() instanceof RecordEvent event && event.provider().equals(provider)) {
                ours.add(transaction);
                commitLag.record(Math.max(0, now - event.committedAtMillis()), TimeUnit.MILLISECONDS);
            }
        }
        if (!ours.isEmpty()) {
            progress.committed(ours);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

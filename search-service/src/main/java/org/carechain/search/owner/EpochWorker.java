package org.carechain.search.owner;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleFrontier;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.EpochAnchor;
import org.carechain.crypto.sse.KeywordKeys;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.Op;
import org.carechain.crypto.sse.Posting;
import org.carechain.crypto.sse.PutUpdatesSigning;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.UpdateBatch;
import org.carechain.crypto.sse.UpdateBuilder;
import org.carechain.ehr.db.EhrDatabase;
import org.carechain.ehr.fhir.SearchKeywords;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.Operation;
import org.carechain.proto.ledger.v1.RecordEvent;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.PutUpdatesRequest;
import org.carechain.proto.search.v1.PutUpdatesResponse;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;
import org.carechain.search.owner.OwnerStore.Epoch;
import org.carechain.search.owner.OwnerStore.IndexedRecord;
import org.carechain.service.ledger.LedgerSubmitter;
import org.jboss.logging.Logger;

/**
 * Owner mode's one worker: it follows the {@code ehr} channel from its own ledger node, turns this
 * provider's committed record events into index updates, and runs each epoch to the end.
 *
 * <ol>
 *   <li><b>Build:</b> for each event, the record version is read from the EHR database and indexed
 *       only if its content hash is the chain's; its keywords are compared with those of the version
 *       indexed before, giving ADD and DEL postings. The entries (shuffled), the new keyword states,
 *       the log head and the chain height go into the owner's tables in one transaction.
 *   <li><b>Push:</b> the entries go to the server, signed; the server's log head must equal the owner's.
 *   <li><b>Anchor:</b> the signed {@code (epoch, log size, log root)} is committed on {@code search}.
 * </ol>
 *
 * An epoch that a crash or failure left built or pushed is finished before the next is built, so
 * at most one epoch is ever unanchored and tokens are issued from the latest anchored one.
 */
@ApplicationScoped
public class EpochWorker {

    private static final Logger LOG = Logger.getLogger(EpochWorker.class);
    private static final int MAX_BLOCKS_PER_EPOCH = 256;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @GrpcClient("search-server")
    SearchServerServiceGrpc.SearchServerServiceBlockingStub server;

    @Inject
    OwnerStore store;

    @Inject
    OwnerKeys keys;

    @Inject
    OwnerConfig config;

    @Inject
    LedgerSubmitter submitter;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private volatile long anchoredEpoch;
    private volatile long indexedHeight;

    private final SecureRandom random = new SecureRandom();
    private final Rfc6962Hasher hasher = Rfc6962Hasher.create();
    private volatile boolean running;
    private Thread thread;
    private EhrRecords ehr;

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        String database = config.ehrDbName().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                "owner mode needs carechain.search.owner.ehr-db-name (CARECHAIN_SEARCH_OWNER_EHR_DB_NAME)"));
        ehr = new EhrRecords(EhrDatabase.fromEnvironment(System.getenv(), database), keys.provider(), keys.providerKeys());
        io.micrometer.core.instrument.Gauge.builder("carechain.search.owner.anchored.epoch", this, w -> w.anchoredEpoch)
                .description("the latest epoch of this owner anchored on the search channel").register(registry);
        io.micrometer.core.instrument.Gauge.builder("carechain.search.owner.ehr.height", this, w -> w.indexedHeight)
                .description("the ehr chain height this owner has indexed through").register(registry);
        running = true;
        thread = new Thread(this::run, "search-owner-epochs");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("search owner for %s: indexing committed record events of the ehr channel", keys.provider());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (ehr != null) {
            ehr.close();
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                finishLastEpoch();
                boolean built = buildEpoch();
                backoff = FIRST_BACKOFF;
                if (!built) {
                    Thread.sleep(config.epochInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("search owner: %s; retrying in %d ms", describe(e), backoff.toMillis());
                ehr.reset();
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Pushes and anchors the last epoch if it is not anchored yet. */
    void finishLastEpoch() throws InterruptedException {
        Optional<Epoch> last = store.lastEpoch().await().indefinitely();
        if (last.isEmpty() || last.get().anchored()) {
            last.ifPresent(epoch -> anchoredEpoch = epoch.epoch());
            return;
        }
        if (last.get().state().equals("BUILT")) {
            push(last.get());
        }
        anchor(last.get());
    }

    private void push(Epoch epoch) {
        List<Entry> entries = store.outbox(epoch.epoch()).await().indefinitely();
        byte[] signature = Ed25519Sign.create(keys.ownerKey())
                .sign(PutUpdatesSigning.signedBytes(keys.provider(), epoch.epoch(), epoch.baseSize(), entries));
        PutUpdatesRequest.Builder request = PutUpdatesRequest.newBuilder()
                .setOwner(keys.provider())
                .setEpoch(epoch.epoch())
                .setBaseLogSize(epoch.baseSize())
                .setSignature(ByteString.copyFrom(signature));
        for (Entry entry : entries) {
            request.addEntries(EncryptedEntry.newBuilder().setLabel(ByteString.copyFrom(entry.label()))
                    .setValue(ByteString.copyFrom(entry.value())));
        }
        PutUpdatesResponse response = server.withDeadlineAfter(60, TimeUnit.SECONDS).putUpdates(request.build());
        if (response.getLogSize() != epoch.logSize() || !epoch.logRoot().contentEquals(response.getLogRoot().toByteArray())) {
            throw new IllegalStateException("the search server's log head after epoch " + epoch.epoch() + " (size "
                    + response.getLogSize() + ") is not the owner's (size " + epoch.logSize() + ")");
        }
        store.markPushed(epoch.epoch()).await().indefinitely();
    }

    private void anchor(Epoch epoch) throws InterruptedException {
        EpochAnchor anchor = EpochAnchor.sign(keys.ownerKey(), keys.provider(), epoch.epoch(), epoch.logSize(),
                epoch.logRoot());
        String key = SearchAnchors.idempotencyKey(keys.provider(), epoch.epoch());
        submitter.submit(List.of(LedgerSubmitter.transaction(Channel.SEARCH, key, SearchAnchors.toProto(anchor))),
                keys.ownerKey(), Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(15));
        long deadline = System.nanoTime() + config.anchorTimeout().toNanos();
        while (true) {
            try {
                GetTransactionResponse committed = ledger.withDeadlineAfter(5, TimeUnit.SECONDS).getTransaction(
                        GetTransactionRequest.newBuilder()
                                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH)
                                .setIdempotencyKey(key)
                                .build());
                Hash transaction = LedgerSubmitter.fromProto(committed.getTransaction()).hash();
                store.markAnchored(epoch.epoch(), committed.getHeight(), transaction, anchor.signature())
                        .await().indefinitely();
                anchoredEpoch = epoch.epoch();
                LOG.infof("search owner for %s: epoch %d anchored on search at height %d (log size %d)",
                        keys.provider(), epoch.epoch(), committed.getHeight(), epoch.logSize());
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /** Gathers the next blocks' record events into an epoch; false if the chain had nothing new. */
    boolean buildEpoch() throws SQLException {
        long height = store.ehrHeight().await().indefinitely();
        indexedHeight = height;
        long head = ledger.withDeadlineAfter(5, TimeUnit.SECONDS).getTreeHead(GetTreeHeadRequest.newBuilder()
                .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build()).getTreeHead().getHeight();
        if (head <= height) {
            return false;
        }
        List<RecordEvent> events = new ArrayList<>();
        long last = height;
        while (last < head && last - height < MAX_BLOCKS_PER_EPOCH && events.size() < config.maxEntriesPerEpoch() / 8) {
            Block block = ledger.withDeadlineAfter(10, TimeUnit.SECONDS).getBlock(GetBlockRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).setHeight(last + 1).build()).getBlock();
            for (org.carechain.proto.ledger.v1.Transaction transaction : block.getTransactionsList()) {
                if (transaction.hasRecordEvent() && transaction.getRecordEvent().getProvider().equals(keys.provider())) {
                    events.add(transaction.getRecordEvent());
                }
            }
            last++;
        }
        Plan plan = plan(events);
        // Every indexed version has at least its type= keyword, so a plan that changes the index has postings.
        if (plan.postings().isEmpty()) {
            store.setEhrHeight(last).await().indefinitely();
            return true;
        }
        Optional<Epoch> previous = store.lastEpoch().await().indefinitely();
        long number = previous.map(p -> p.epoch() + 1).orElse(1L);
        MerkleFrontier frontier = previous.map(p -> MerkleFrontier.resume(p.logSize(), p.frontier()))
                .orElseGet(MerkleFrontier::empty);
        long baseSize = frontier.size();

        Map<Hash, KeywordKeys> keywordKeys = new LinkedHashMap<>();
        for (Planned planned : plan.postings()) {
            keywordKeys.putIfAbsent(planned.keys().tag(), planned.keys());
        }
        Map<Hash, OwnerStore.StoredKeyword> stored = store.keywords(new ArrayList<>(keywordKeys.keySet()))
                .await().indefinitely();
        UpdateBuilder builder = new UpdateBuilder(tag -> {
            OwnerStore.StoredKeyword keyword = stored.get(tag);
            return keyword == null ? KeywordState.EMPTY : keyword.current();
        }, random);
        for (Planned planned : plan.postings()) {
            builder.add(planned.keys(), planned.posting());
        }
        UpdateBatch batch = builder.build();
        for (Entry entry : batch.entries()) {
            frontier.append(hasher.hashLeaf(entry.leafData()));
        }
        List<Hash> frontierHashes = frontier.nodes().stream().map(MerkleFrontier.StoredNode::hash).toList();
        Epoch epoch = new Epoch(number, baseSize, frontier.size(), frontier.root(), frontierHashes,
                batch.entries().size(), "BUILT", 0, Optional.empty(), new byte[0]);
        store.writeEpoch(new OwnerStore.EpochWrite(epoch, batch.newStates(), plan.records(), plan.dropped(),
                batch.entries(), last)).await().indefinitely();
        LOG.infof("search owner for %s: epoch %d built from ehr blocks %d..%d: %d record event(s), %d entries",
                keys.provider(), number, height + 1, last, events.size(), batch.entries().size());
        return true;
    }

    /** One posting for one keyword under one label. */
    private record Planned(KeywordKeys keys, Posting posting) {}

    private record Plan(List<Planned> postings, List<IndexedRecord> records, List<Hash> dropped) {}

    /**
     * The postings that bring the index from the versions it holds to the ones the events name:
     * ADD for a keyword the new version has and the old one had not, DEL for the reverse (all of
     * them when the record is deleted or its security label changes).
     */
    private Plan plan(List<RecordEvent> events) throws SQLException {
        List<Hash> refs = events.stream().map(e -> Hash.of(e.getRecordRef().toByteArray())).distinct().toList();
        Map<Hash, IndexedRecord> indexed = new HashMap<>(store.records(refs).await().indefinitely());
        Map<Hash, IndexedRecord> changed = new LinkedHashMap<>();
        Set<Hash> dropped = new TreeSet<>();
        List<Planned> postings = new ArrayList<>();
        for (RecordEvent event : events) {
            Hash ref = Hash.of(event.getRecordRef().toByteArray());
            IndexedRecord old = indexed.get(ref);
            Set<String> oldKeywords = old == null ? Set.of() : keywordsOf(ref, old.resourceType(), old.contentHash());
            String posting = event.getResourceType() + "/" + ref.toHex();
            if (event.getOp() == Operation.OPERATION_DELETE) {
                if (old != null) {
                    for (String keyword : oldKeywords) {
                        postings.add(planned(old.securityLabel(), keyword, posting, Op.DEL));
                    }
                    indexed.remove(ref);
                    changed.remove(ref);
                    dropped.add(ref);
                }
                continue;
            }
            Hash contentHash = Hash.of(event.getContentHash().toByteArray());
            Optional<EhrRecords.Version> version = ehr.version(ref, contentHash);
            if (version.isEmpty()) {
                LOG.warnf("search owner: a %s record event at %s has no matching version in the EHR database; not indexed",
                        event.getResourceType(), keys.provider());
                continue;
            }
            SecurityLabel label = securityLabel(event);
            Set<String> newKeywords = SearchKeywords.extract(event.getResourceType(), version.get().content());
            boolean relabelled = old != null && old.securityLabel() != label;
            for (String keyword : oldKeywords) {
                if (relabelled || !newKeywords.contains(keyword)) {
                    postings.add(planned(old.securityLabel(), keyword, posting, Op.DEL));
                }
            }
            for (String keyword : newKeywords) {
                if (relabelled || !oldKeywords.contains(keyword)) {
                    postings.add(planned(label, keyword, posting, Op.ADD));
                }
            }
            IndexedRecord now = new IndexedRecord(ref, event.getResourceType(), label, contentHash);
            indexed.put(ref, now);
            changed.put(ref, now);
            dropped.remove(ref);
        }
        return new Plan(postings, new ArrayList<>(changed.values()), new ArrayList<>(dropped));
    }

    private Set<String> keywordsOf(Hash ref, String resourceType, Hash contentHash) throws SQLException {
        Optional<EhrRecords.Version> version = ehr.version(ref, contentHash);
        if (version.isEmpty()) {
            LOG.warnf("search owner: the indexed version of a %s record is gone from the EHR database; its old "
                    + "entries stay", resourceType);
            return Set.of();
        }
        return SearchKeywords.extract(resourceType, version.get().content());
    }

    private Planned planned(SecurityLabel label, String keyword, String recordRef, Op op) {
        return new Planned(keys.masterKeys().keywordKeys(label, keyword), new Posting(recordRef, op));
    }

    /** The event's HL7 confidentiality code; N (normal) where capture left it unspecified. */
    static SecurityLabel securityLabel(RecordEvent event) {
        return switch (event.getSecurityLabel()) {
            case SECURITY_LABEL_U -> SecurityLabel.U;
            case SECURITY_LABEL_L -> SecurityLabel.L;
            case SECURITY_LABEL_M -> SecurityLabel.M;
            case SECURITY_LABEL_R -> SecurityLabel.R;
            case SECURITY_LABEL_V -> SecurityLabel.V;
            default -> SecurityLabel.N;
        };
    }

    private static String describe(Exception e) {
        if (e instanceof StatusRuntimeException status) {
            return "gRPC " + status.getStatus().getCode() + (status.getStatus().getDescription() == null ? ""
                    : ": " + status.getStatus().getDescription());
        }
        if (e instanceof SQLException sql) {
            // A database message may quote row values (ids, content); the state says enough.
            return "database error, SQLState " + sql.getSQLState();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

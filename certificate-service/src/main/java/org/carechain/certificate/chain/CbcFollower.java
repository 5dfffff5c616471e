package org.carechain.certificate.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.consortium.TrustBundle;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.proto.certificate.v1.IssuanceRecord;
import org.carechain.proto.certificate.v1.RevocationRecord;
import org.carechain.proto.certificate.v1.TrustBundleUpdate;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.MutinyLedgerServiceGrpc;
import org.carechain.proto.ledger.v1.StreamBlocksRequest;
import org.carechain.service.ledger.LedgerSubmitter;
import org.jboss.logging.Logger;

/**
 * Follows the {@code cbc} channel from the ledger and derives, in chain order and in one database
 * transaction per batch of queued blocks, every CA's issuances, revocations and trust bundle. A record that
 * does not fit (an issuer outside the bundle, a revocation of an unknown certificate, an update
 * without enough endorsements) changes nothing and is logged. On any failure it resumes from the
 * last derived height after a pause. The derived tables may be dropped and rebuilt from the chain.
 */
@ApplicationScoped
public class CbcFollower {

    public static final String ISSUANCE = LedgerSubmitter.typeUrl(IssuanceRecord.getDescriptor());
    public static final String REVOCATION = LedgerSubmitter.typeUrl(RevocationRecord.getDescriptor());
    public static final String BUNDLE_UPDATE = LedgerSubmitter.typeUrl(TrustBundleUpdate.getDescriptor());

    private static final Logger LOG = Logger.getLogger(CbcFollower.class);
    private static final int MAX_BLOCKS_PER_TRANSACTION = 64;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    @GrpcClient("ledger")
    MutinyLedgerServiceGrpc.MutinyLedgerServiceStub ledger;

    @Inject
    CbcStore store;

    @Inject
    CbcState state;

    @Inject
    CaKeys keys;

    private final Deque<Block> queue = new ArrayDeque<>();
    private boolean applying;
    private boolean stopped;
    private long generation;
    private Cancellable stream;
    private Duration backoff = FIRST_BACKOFF;

    void start(@Observes StartupEvent event) {
        if (keys.configured()) {
            follow(generation);
        }
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        generation++;
        if (stream != null) {
            stream.cancel();
        }
    }

    /**
     * Streams cbc from the derived height on. Blocks queue as they arrive; one drain at a time
     * applies all that queued (up to {@value #MAX_BLOCKS_PER_TRANSACTION}) in one transaction, so a
     * follower that fell behind catches up in few transactions. Any failure stops this stream and
     * starts a new one from the derived height, after a pause that grows while failures repeat.
     */
    private void follow(long expectedGeneration) {
        loadState().subscribe().with(progress -> {
            synchronized (this) {
                if (expectedGeneration != generation || stopped) {
                    return;
                }
                stream = ledger.streamBlocks(StreamBlocksRequest.newBuilder()
                                .setChannel(Channel.CHANNEL_CBC)
                                .setFromHeight(progress.height() + 1)
                                .build())
                        .subscribe().with(response -> enqueue(expectedGeneration, response.getBlock()),
                                failure -> restart(expectedGeneration, failure),
                                () -> restart(expectedGeneration, new IllegalStateException("the block stream ended")));
            }
        }, failure -> restart(expectedGeneration, failure));
    }

    private synchronized void enqueue(long expectedGeneration, Block block) {
        if (expectedGeneration != generation) {
            return;
        }
        queue.add(block);
        if (!applying) {
            applying = true;
            drain(expectedGeneration);
        }
    }

    private void drain(long expectedGeneration) {
        List<Block> batch = new ArrayList<>();
        synchronized (this) {
            if (expectedGeneration != generation || queue.isEmpty()) {
                applying = false;
                return;
            }
            while (!queue.isEmpty() && batch.size() < MAX_BLOCKS_PER_TRANSACTION) {
                batch.add(queue.poll());
            }
        }
        apply(batch).subscribe().with(height -> {
            synchronized (this) {
                backoff = FIRST_BACKOFF;
            }
            drain(expectedGeneration);
        }, failure -> restart(expectedGeneration, failure));
    }

    private void restart(long failedGeneration, Throwable failure) {
        Duration pause;
        long next;
        synchronized (this) {
            if (failedGeneration != generation || stopped) {
                return;
            }
            next = ++generation;
            queue.clear();
            applying = false;
            if (stream != null) {
                stream.cancel();
            }
            pause = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        LOG.warnf("following cbc stopped (%s); resuming in %d ms", failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), pause.toMillis());
        Uni.createFrom().voidItem().onItem().delayIt().by(pause).subscribe().with(ignored -> follow(next));
    }

    /** The derived height and bundle as stored; the genesis bundle on first start. */
    private Uni<CbcStore.Progress> loadState() {
        return store.progress().chain(progress -> {
            if (progress.height() == 0) {
                TrustBundle genesis = keys.genesisBundle();
                state.advance(0, genesis, List.of());
                return Uni.createFrom().item(progress);
            }
            if (progress.bundleSequence() == 0) {
                state.advance(progress.height(), keys.genesisBundle(), List.of());
                return Uni.createFrom().item(progress);
            }
            return store.trustRoots().map(roots -> {
                TrustBundle stored = TrustBundle.genesis(roots);
                state.advance(progress.height(), stored.withSequence(progress.bundleSequence()), List.of());
                return progress;
            });
        });
    }

    /**
     * Applies the blocks that arrived together (one when the follower keeps up, more when it is
     * behind) in one database transaction. It commits without waiting for the WAL flush: the rows
     * are derived from the chain, and a crash loses the progress row with them, so they are derived
     * again.
     */
    private Uni<Long> apply(List<Block> blocks) {
        long first = blocks.get(0).getHeader().getHeight();
        if (first != state.height() + 1) {
            return Uni.createFrom().failure(new IllegalStateException("cbc block " + first + " arrived after " + state.height()));
        }
        List<CbcStore.ChainCertificate> changed = new ArrayList<>();
        List<Hash> committed = new ArrayList<>();
        TrustBundle[] bundle = {state.bundle()};
        long last = blocks.get(blocks.size() - 1).getHeader().getHeight();
        return store.inTransaction(connection -> {
            Uni<Void> work = connection.query("SET LOCAL synchronous_commit TO OFF").execute().replaceWithVoid();
            long expected = first;
            for (Block block : blocks) {
                long height = block.getHeader().getHeight();
                if (height != expected++) {
                    return Uni.createFrom().failure(new IllegalStateException("cbc block " + height + " is out of order"));
                }
                List<Transaction> transactions = new ArrayList<>(block.getTransactionsCount());
                for (org.carechain.proto.ledger.v1.Transaction proto : block.getTransactionsList()) {
                    if (proto.hasTyped()) {
                        transactions.add(LedgerSubmitter.fromProto(proto));
                    }
                }
                transactions.forEach(transaction -> committed.add(transaction.hash()));
                Instant blockTime = Instant.ofEpochMilli(block.getHeader().getTimestampMillis());
                // Runs of issuances go in one statement each; other records apply in chain order between them.
                List<CbcStore.ChainCertificate> run = new ArrayList<>();
                for (Transaction transaction : transactions) {
                    var payload = (org.carechain.ledger.core.chain.TypedPayload) transaction.payload();
                    if (payload.typeUrl().equals(ISSUANCE)) {
                        work = work.invoke(() -> issuance(payload, height, bundle[0]).ifPresent(run::add));
                        continue;
                    }
                    work = work.chain(() -> flush(connection, run, height, changed))
                            .chain(() -> applyOne(connection, transaction, height, blockTime, bundle, changed));
                }
                work = work.chain(() -> flush(connection, run, height, changed));
            }
            return work.chain(() -> store.setProgress(connection, new CbcStore.Progress(last, bundle[0].sequence())));
        }).map(ignored -> {
            state.advance(last, bundle[0], committed);
            changed.forEach(state::statusChanged);
            return last;
        });
    }

    private Uni<Void> flush(SqlConnection connection, List<CbcStore.ChainCertificate> run, long height,
            List<CbcStore.ChainCertificate> changed) {
        List<CbcStore.ChainCertificate> issuances = List.copyOf(run);
        run.clear();
        return insertIssuances(connection, issuances, height, changed);
    }

    private Uni<Void> insertIssuances(SqlConnection connection, List<CbcStore.ChainCertificate> issuances, long height,
            List<CbcStore.ChainCertificate> changed) {
        return store.insertChainCertificates(connection, issuances).invoke(inserted -> {
            changed.addAll(inserted);
            if (inserted.size() < issuances.size()) {
                LOG.warnf("cbc block %d: %d issuance record(s) repeat a certificate or serial; ignored", height,
                        issuances.size() - inserted.size());
            }
        }).replaceWithVoid();
    }

    /** The certificate an issuance record names, if it is well formed and its CA is in the bundle. */
    private static Optional<CbcStore.ChainCertificate> issuance(org.carechain.ledger.core.chain.TypedPayload payload,
            long height, TrustBundle bundle) {
        IssuanceRecord record;
        try {
            record = IssuanceRecord.parseFrom(payload.value());
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("cbc block %d: an issuance record is malformed; ignored", height);
            return Optional.empty();
        }
        if (record.getCertificateHash().size() != Hash.SIZE || !isHashHex(record.getIssuerCa())
                || bundle.root(Hash.fromHex(record.getIssuerCa())).isEmpty()) {
            LOG.warnf("cbc block %d: an issuance by a CA outside the trust bundle, or malformed; ignored", height);
            return Optional.empty();
        }
        return Optional.of(new CbcStore.ChainCertificate(
                Hash.of(record.getCertificateHash().toByteArray()), record.getIssuerCa(), record.getSerialNumber(),
                record.getPseudonym(), Instant.ofEpochMilli(record.getNotAfterMillis()),
                Instant.ofEpochMilli(record.getIssuedAtMillis()), height, Optional.empty(), 0));
    }

    private Uni<Void> applyOne(SqlConnection connection, Transaction transaction, long height, Instant blockTime,
            TrustBundle[] bundle, List<CbcStore.ChainCertificate> changed) {
        var payload = (org.carechain.ledger.core.chain.TypedPayload) transaction.payload();
        try {
            if (payload.typeUrl().equals(REVOCATION)) {
                RevocationRecord record = RevocationRecord.parseFrom(payload.value());
                return revocation(connection, record, height, changed);
            }
            if (payload.typeUrl().equals(BUNDLE_UPDATE)) {
                TrustBundle.Outcome outcome = bundle[0].apply(TrustBundleUpdate.parseFrom(payload.value()));
                if (outcome.rejection().isPresent()) {
                    LOG.warnf("cbc block %d: trust bundle update %s ignored: %s", height, transaction.idempotencyKey(),
                            outcome.rejection().get());
                    return Uni.createFrom().voidItem();
                }
                bundle[0] = outcome.bundle();
                LOG.infof("cbc block %d: trust bundle is now update %d with roots %s", height, bundle[0].sequence(),
                        bundle[0].rootIds());
                return store.replaceTrustRoots(connection, bundle[0].roots().stream().map(TrustBundle.Root::der).toList(),
                        height);
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("cbc block %d: transaction %s is not a valid %s; ignored", height, transaction.idempotencyKey(),
                    payload.typeUrl());
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> revocation(SqlConnection connection, RevocationRecord record, long height,
            List<CbcStore.ChainCertificate> changed) {
        if (record.getCertificateHash().size() != Hash.SIZE) {
            return Uni.createFrom().voidItem();
        }
        Hash hash = Hash.of(record.getCertificateHash().toByteArray());
        Instant at = Instant.ofEpochMilli(record.getRevokedAtMillis());
        return store.revoke(connection, hash, at, record.getReason(), height).invoke(revoked -> revoked.ifPresentOrElse(
                changed::add,
                () -> LOG.infof("cbc block %d: a revocation of an unknown or already revoked certificate; ignored", height)))
                .replaceWithVoid();
    }

    private static boolean isHashHex(String text) {
        return text.length() == 2 * Hash.SIZE && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}

package org.carechain.certificate.chain;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.carechain.certificate.consortium.TrustBundle;
import org.carechain.crypto.Hash;

/**
 * What this node knows of the {@code cbc} channel right now: the trust bundle and the height the
 * derived tables reached. Callers wait here for their transactions to commit.
 */
@ApplicationScoped
public class CbcState {

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private volatile TrustBundle bundle;
    private volatile long height;
    private final Map<Hash, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
    private final List<Consumer<CbcStore.ChainCertificate>> statusListeners = new CopyOnWriteArrayList<>();

    @jakarta.annotation.PostConstruct
    void gauge() {
        io.micrometer.core.instrument.Gauge.builder("carechain.cbc.derived.height", this, CbcState::height)
                .description("height of the last cbc block this CA has derived its certificate tables from")
                .register(registry);
    }

    /** The trust bundle as of {@link #height()}; null until the follower has started. */
    public TrustBundle bundle() {
        return bundle;
    }

    public long height() {
        return height;
    }

    void advance(long newHeight, TrustBundle newBundle, List<Hash> committed) {
        bundle = newBundle;
        height = newHeight;
        for (Hash hash : committed) {
            CompletableFuture<Long> waiter = waiting.remove(hash);
            if (waiter != null) {
                waiter.complete(newHeight);
            }
        }
    }

    void statusChanged(CbcStore.ChainCertificate certificate) {
        statusListeners.forEach(listener -> listener.accept(certificate));
    }

    /** Called for each certificate whose issuance or revocation was just derived. */
    public void onStatusChange(Consumer<CbcStore.ChainCertificate> listener) {
        statusListeners.add(listener);
    }

    /** Stops waiting for a transaction that was never submitted (the ledger refused it). */
    public void forget(Hash transactionHash) {
        waiting.remove(transactionHash);
    }

    /**
     * Completes with the height of the block that commits the transaction. Register before
     * submitting, so the commit cannot be missed; fails with a timeout after {@code timeout}.
     */
    public Uni<Long> awaitCommit(Hash transactionHash, Duration timeout) {
        CompletableFuture<Long> waiter = waiting.computeIfAbsent(transactionHash, hash -> new CompletableFuture<>());
        // The commit is seen on the follower's thread; the caller continues on its own (request) context.
        Context caller = Vertx.currentContext();
        Uni<Long> committed = Uni.createFrom().completionStage(waiter)
                .ifNoItem().after(timeout).fail()
                .onTermination().invoke(() -> waiting.remove(transactionHash, waiter));
        return caller == null ? committed : committed.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }
}

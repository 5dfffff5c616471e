package org.carechain.ledger.node;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells readers when a channel's committed height reaches the one they wait for. It carries no
 * blocks, only the height: a reader reads the blocks from the store at its own pace, so a slow
 * reader costs one waiting entry, never a growing buffer.
 */
public final class CommitFeed {

    private static final Logger LOG = Logger.getLogger(CommitFeed.class);

    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile long height;

    CommitFeed(long height) {
        this.height = height;
    }

    /** The latest committed height; 0 before the first block. */
    public long height() {
        return height;
    }

    /** Completes once the committed height is at least {@code wanted}; cancelling it forgets the wait. */
    public Uni<Long> awaitHeight(long wanted) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(wanted, emitter);
            waiters.add(waiter);
            emitter.onTermination(() -> waiters.remove(waiter));
            // A commit between the caller's last read and the registration above is seen here.
            long now = height;
            if (now >= wanted) {
                waiters.remove(waiter);
                emitter.complete(now);
            }
        });
    }

    /** How many readers wait; for tests and metrics. */
    public int waiting() {
        return waiters.size();
    }

    void committed(long newHeight) {
        height = newHeight;
        for (Waiter waiter : waiters) {
            if (waiter.wanted <= newHeight && waiters.remove(waiter)) {
                try {
                    waiter.emitter.complete(newHeight);
                } catch (RuntimeException e) {
                    // A reader's failure must not fail the commit that woke it.
                    LOG.warnf("a reader waiting for height %d failed: %s", waiter.wanted, e.getClass().getName());
                }
            }
        }
    }

    private record Waiter(long wanted, UniEmitter<? super Long> emitter) {}
}

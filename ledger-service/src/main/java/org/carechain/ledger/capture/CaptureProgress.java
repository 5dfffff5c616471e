package org.carechain.ledger.capture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.significance.RecordKey;

/**
 * What change capture has handed to the ledger and what the ledger has committed, in source order.
 * Pure bookkeeping, no I/O and no clock of its own (times are passed in), so it is tested without
 * a database.
 *
 * <p>The rule it keeps: a source transaction's log position may be confirmed to the database only
 * when every record event of it, and of every source transaction before it, is committed on the
 * chain. A crash then replays at most what is not yet committed, and the ledger acknowledges a
 * replayed event that did commit as a duplicate of its idempotency key.
 *
 * <p>It also knows, for each record with events in flight, whether the record is live after the
 * last of them, so capture can check a change against the chain's lifecycle rules before the chain
 * has committed the changes before it.
 */
final class CaptureProgress {

    /** One source transaction: its end position and its events not yet committed. */
    private static final class Pending {
        final long lsn;
        final Map<String, Transaction> outstanding = new LinkedHashMap<>();
        long submittedAtNanos;

        Pending(long lsn, long submittedAtNanos) {
            this.lsn = lsn;
            this.submittedAtNanos = submittedAtNanos;
        }
    }

    /** The latest event in flight for a record, and whether the record is live after it. */
    private record InFlight(String idempotencyKey, boolean live) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<String, Pending> byKey = new HashMap<>();
    private final Map<RecordKey, InFlight> records = new HashMap<>();
    private long lastSubmittedLsn;

    /**
     * Records a source transaction handed to the ledger: its end position and its events (none if
     * capture skipped all of its changes; it is then confirmable as soon as those before it are).
     *
     * @throws IllegalArgumentException if positions go backwards
     */
    synchronized void submitted(long lsn, List<Transaction> events, long nowNanos) {
        if (lsn < lastSubmittedLsn) {
            throw new IllegalArgumentException("source positions must not go backwards");
        }
        lastSubmittedLsn = lsn;
        Pending entry = new Pending(lsn, nowNanos);
        for (Transaction event : events) {
            entry.outstanding.put(event.idempotencyKey(), event);
            byKey.put(event.idempotencyKey(), entry);
            if (event.payload() instanceof RecordEvent record) {
                records.put(keyOf(record), new InFlight(event.idempotencyKey(), record.op() != RecordEvent.Operation.DELETE));
            }
        }
        pending.addLast(entry);
    }

    /** Marks events as on the chain: committed in a block, or found there already (a replay). */
    synchronized void committed(Collection<Transaction> events) {
        for (Transaction event : events) {
            Pending entry = byKey.remove(event.idempotencyKey());
            if (entry == null) {
                continue;
            }
            entry.outstanding.remove(event.idempotencyKey());
            if (event.payload() instanceof RecordEvent record) {
                records.computeIfPresent(keyOf(record),
                        (key, inFlight) -> inFlight.idempotencyKey().equals(event.idempotencyKey()) ? null : inFlight);
            }
        }
    }

    /** Like {@link #committed} for events known by key only. */
    synchronized void committedKeys(Collection<String> keys) {
        List<Transaction> found = new ArrayList<>();
        for (String key : keys) {
            Pending entry = byKey.get(key);
            if (entry != null) {
                found.add(entry.outstanding.get(key));
            }
        }
        committed(found);
    }

    /**
     * The position up to which everything is on the chain, if it moved: every source transaction up
     * to it is forgotten.
     */
    synchronized OptionalLong confirmable() {
        long confirmed = -1;
        while (!pending.isEmpty() && pending.peekFirst().outstanding.isEmpty()) {
            confirmed = pending.removeFirst().lsn;
        }
        return confirmed < 0 ? OptionalLong.empty() : OptionalLong.of(confirmed);
    }

    /**
     * Events handed over more than {@code after} ago and still not committed (a mempool lost in a
     * restart, say), to hand over again; their clock restarts.
     */
    synchronized List<Transaction> overdue(long nowNanos, Duration after) {
        List<Transaction> late = new ArrayList<>();
        for (Pending entry : pending) {
            if (!entry.outstanding.isEmpty() && nowNanos - entry.submittedAtNanos >= after.toNanos()) {
                late.addAll(entry.outstanding.values());
                entry.submittedAtNanos = nowNanos;
            }
        }
        return late;
    }

    /** Whether the record is live after its latest event in flight; empty if none is in flight. */
    synchronized Optional<Boolean> liveInFlight(RecordKey key) {
        InFlight inFlight = records.get(key);
        return inFlight == null ? Optional.empty() : Optional.of(inFlight.live());
    }

    /** Events handed over and not yet committed. */
    synchronized int outstanding() {
        return byKey.size();
    }

    /** Source transactions not yet confirmable. */
    synchronized int pendingTransactions() {
        return pending.size();
    }

    static RecordKey keyOf(RecordEvent event) {
        return new RecordKey(event.provider(), event.resourceType(), event.recordRef());
    }
}

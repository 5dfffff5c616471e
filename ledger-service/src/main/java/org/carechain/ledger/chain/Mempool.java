package org.carechain.ledger.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechain.ledger.core.chain.SealedTransaction;
import org.carechain.ledger.core.chain.Transaction;

/**
 * Accepted transactions of one channel that wait for a block, in arrival order, at most one per
 * idempotency key. Bounded, so a flood of submissions is refused rather than exhausting memory.
 */
public final class Mempool {

    /** What happened to an offered transaction. */
    public enum Outcome {
        ACCEPTED,
        DUPLICATE,
        FULL
    }

    private final int capacity;
    private final Map<String, SealedTransaction> pending = new LinkedHashMap<>();
    private long admitted;

    public Mempool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mempool capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Offers a transaction with the signed batch it came in, which the block that takes it will carry. */
    public synchronized Outcome offer(SealedTransaction sealed) {
        return offerAll(List.of(sealed)).get(0);
    }

    /**
     * Offers a batch's transactions at once, in order: no proposal sees part of the batch. A
     * transaction already waiting is a duplicate, and moves to the tail behind the others of the
     * batch, so a submitter that sends its outstanding transactions again (after a restart lost
     * some of them) restores their order: a proposer takes a record's events in the order their
     * source wrote them, and an UPDATE never lands after the DELETE that follows it.
     */
    public synchronized List<Outcome> offerAll(List<SealedTransaction> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (SealedTransaction sealed : batch) {
            String key = sealed.transaction().idempotencyKey();
            SealedTransaction waiting = pending.remove(key);
            if (waiting != null) {
                pending.put(key, waiting);
                outcomes.add(Outcome.DUPLICATE);
            } else if (pending.size() >= capacity) {
                outcomes.add(Outcome.FULL);
            } else {
                pending.put(key, sealed);
                admitted++;
                outcomes.add(Outcome.ACCEPTED);
            }
        }
        return outcomes;
    }

    public synchronized boolean contains(String idempotencyKey) {
        return pending.containsKey(idempotencyKey);
    }

    /** The oldest transactions that fit the limits, without removing them. */
    public synchronized List<SealedTransaction> peek(int maxCount, long maxBytes) {
        List<SealedTransaction> chosen = new ArrayList<>();
        long bytes = 0;
        for (SealedTransaction sealed : pending.values()) {
            int size = sealed.transaction().encodedLength();
            if (chosen.size() == maxCount || bytes + size > maxBytes) {
                break;
            }
            chosen.add(sealed);
            bytes += size;
        }
        return chosen;
    }

    /** Forgets transactions that a committed block carried. */
    public synchronized void removeCommitted(Collection<Transaction> committed) {
        committed.forEach(transaction -> pending.remove(transaction.idempotencyKey()));
    }

    /** How many transactions were ever admitted: it changes whenever something new waits. */
    public synchronized long admitted() {
        return admitted;
    }

    public synchronized int size() {
        return pending.size();
    }
}

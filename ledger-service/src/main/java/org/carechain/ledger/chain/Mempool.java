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

    public Mempool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mempool capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Offers a transaction with the signed batch it came in, which the block that takes it will carry. */
    public synchronized Outcome offer(SealedTransaction sealed) {
        String key = sealed.transaction().idempotencyKey();
        if (pending.containsKey(key)) {
            return Outcome.DUPLICATE;
        }
        if (pending.size() >= capacity) {
            return Outcome.FULL;
        }
        pending.put(key, sealed);
        return Outcome.ACCEPTED;
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

    public synchronized int size() {
        return pending.size();
    }
}

package org.carechain.ledger.node;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carechain.consensus.WalEntry;
import org.carechain.ledger.core.chain.Channel;

/**
 * The consensus WAL of one channel in PostgreSQL. Calls block: they run on the channel's own
 * consensus thread, and a message must not leave before its entry is durable.
 */
final class WalStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final Channel channel;

    WalStore(Pool pool, Channel channel) {
        this.pool = pool;
        this.channel = channel;
    }

    void append(WalEntry<LedgerValue> entry) {
        pool.preparedQuery("INSERT INTO consensus_wal (channel, height, entry) VALUES ($1, $2, $3)")
                .execute(Tuple.of(channel.id(), entry.height(), Buffer.buffer(entry.toBytes(LedgerValue.CODEC))))
                .await().atMost(TIMEOUT);
    }

    List<WalEntry<LedgerValue>> entriesOf(long height) {
        List<WalEntry<LedgerValue>> entries = new ArrayList<>();
        pool.preparedQuery("SELECT entry FROM consensus_wal WHERE channel = $1 AND height = $2 ORDER BY seq")
                .execute(Tuple.of(channel.id(), height))
                .await().atMost(TIMEOUT)
                .forEach(row -> entries.add(WalEntry.fromBytes(row.getBuffer("entry").getBytes(), LedgerValue.CODEC)));
        return entries;
    }

    /** Drops entries of heights below {@code height}: once a block is committed its votes are history. */
    void truncateBelow(long height) {
        pool.preparedQuery("DELETE FROM consensus_wal WHERE channel = $1 AND height < $2")
                .execute(Tuple.of(channel.id(), height))
                .await().atMost(TIMEOUT);
    }
}

package org.carechain.ledger.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.significance.SignificanceRoot;

/**
 * Each provider's significance after every block that changed it ({@code ledger_significance}).
 * The rows are derived data, so every read is checked against the significance roots the block
 * headers commit to: a table whose root is not the header's is refused ({@link TamperedStoreException}).
 */
public final class SignificanceStore {

    /** Heights read per round trip when walking a provider's history. */
    private static final int HISTORY_WINDOW = 500;

    private static final String INSERT = """
            INSERT INTO ledger_significance (channel, provider, height, significance_nano)
            SELECT $1, provider, $2, nano FROM unnest($3::varchar[], $4::bigint[]) AS s(provider, nano)""";

    private static final String TABLE_AT = """
            SELECT DISTINCT ON (provider) provider, significance_nano FROM ledger_significance
            WHERE channel = $1 AND height <= $2 ORDER BY provider, height DESC""";

    private static final String CHANGES = """
            SELECT height, provider, significance_nano FROM ledger_significance
            WHERE channel = $1 AND height BETWEEN $2 AND $3 ORDER BY height, provider""";

    private final Pool pool;
    private final BlockStore blocks;

    public SignificanceStore(Pool pool, BlockStore blocks) {
        this.pool = pool;
        this.blocks = blocks;
    }

    /**
     * The significance table after one block: providers in ascending id order, with their
     * significance in nano units; providers not in the table have zero.
     *
     * @param root the significance root of the block's header, which the table hashes to
     */
    public record Table(long height, SortedMap<String, Long> nanoByProvider, Hash root) {}

    /** A provider's significance after a block that changed it. */
    public record Point(long height, long nano) {}

    /** The rows that differ between two tables: changed values, and 0 for providers that left. */
    public static SortedMap<String, Long> changes(SortedMap<String, Long> before, SortedMap<String, Long> after) {
        SortedMap<String, Long> changed = new TreeMap<>();
        after.forEach((provider, nano) -> {
            if (!nano.equals(before.get(provider))) {
                changed.put(provider, nano);
            }
        });
        before.keySet().forEach(provider -> {
            if (!after.containsKey(provider)) {
                changed.put(provider, 0L);
            }
        });
        return changed;
    }

    /** Writes a block's changed rows through {@code client} (the block's transaction). */
    public Uni<Void> insert(SqlClient client, Channel channel, long height, SortedMap<String, Long> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(channel.id(), height, changes.keySet().toArray(String[]::new),
                        changes.values().toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** The table after block {@code height}, checked against its header; empty if there is no such block. */
    public Uni<Optional<Table>> tableAt(Channel channel, long height) {
        return blocks.header(channel, height).flatMap(header -> {
            if (header.isEmpty()) {
                return Uni.createFrom().item(Optional.<Table>empty());
            }
            Hash committed = header.get().header().significanceRoot();
            return rowsAt(channel, height).map(table -> Optional.of(verified(channel, height, table, committed)));
        });
    }

    /**
     * The provider's significance after each block of {@code fromHeight..toHeight} that changed it,
     * at most {@code limit} points. Every table the walk passes through is checked against the
     * header of its height, so a forged, added or deleted row is refused rather than reported.
     */
    public Uni<List<Point>> history(Channel channel, String provider, long fromHeight, long toHeight, int limit) {
        Uni<SortedMap<String, Long>> start = fromHeight <= 1
                ? Uni.createFrom().item(new TreeMap<>())
                : tableAt(channel, fromHeight - 1).map(table -> new TreeMap<>(table
                        .orElseThrow(() -> new TamperedStoreException(channel, "block " + (fromHeight - 1) + " is missing"))
                        .nanoByProvider()));
        return start.flatMap(table -> walk(channel, provider, new HistoryWalk(table, SignificanceRoot.of(table)),
                fromHeight, toHeight, limit));
    }

    private Uni<List<Point>> walk(Channel channel, String provider, HistoryWalk walk, long fromHeight, long toHeight,
            int limit) {
        if (fromHeight > toHeight || walk.points.size() >= limit) {
            return Uni.createFrom().item(walk.points);
        }
        long windowEnd = Math.min(toHeight, fromHeight + HISTORY_WINDOW - 1);
        return blocks.headers(channel, fromHeight, windowEnd).flatMap(headers -> pool.preparedQuery(CHANGES)
                .execute(Tuple.of(channel.id(), fromHeight, windowEnd))
                .flatMap(rows -> {
                    boolean complete = walk.advance(channel, provider, headers, rows, fromHeight, windowEnd, limit);
                    return complete ? Uni.createFrom().item(walk.points)
                            : walk(channel, provider, walk, windowEnd + 1, toHeight, limit);
                }));
    }

    private Uni<SortedMap<String, Long>> rowsAt(Channel channel, long height) {
        return pool.preparedQuery(TABLE_AT).execute(Tuple.of(channel.id(), height)).map(rows -> {
            SortedMap<String, Long> table = new TreeMap<>();
            for (Row row : rows) {
                long nano = row.getLong("significance_nano");
                if (nano > 0) {
                    table.put(row.getString("provider"), nano);
                }
            }
            return table;
        });
    }

    private static Table verified(Channel channel, long height, SortedMap<String, Long> table, Hash committed) {
        if (!rootOf(channel, height, table).equals(committed)) {
            throw new TamperedStoreException(channel, "the significance table at height " + height
                    + " no longer matches the root in its header");
        }
        return new Table(height, Collections.unmodifiableSortedMap(table), committed);
    }

    private static Hash rootOf(Channel channel, long height, SortedMap<String, Long> table) {
        try {
            return SignificanceRoot.of(table);
        } catch (IllegalArgumentException e) {
            throw new TamperedStoreException(channel, "the significance table at height " + height + " is unreadable");
        }
    }

    /** The table as a history walk has rebuilt it so far, and the points found. */
    private static final class HistoryWalk {
        private final SortedMap<String, Long> table;
        private final List<Point> points = new ArrayList<>();
        private Hash root;

        HistoryWalk(SortedMap<String, Long> table, Hash root) {
            this.table = table;
            this.root = root;
        }

        /** Applies one window of headers and rows; true when the walk is done. */
        boolean advance(Channel channel, String provider, List<BlockStore.StoredHeader> headers, RowSet<Row> rows,
                long fromHeight, long toHeight, int limit) {
            Map<Long, List<Row>> byHeight = new TreeMap<>();
            for (Row row : rows) {
                byHeight.computeIfAbsent(row.getLong("height"), h -> new ArrayList<>()).add(row);
            }
            long expected = fromHeight;
            for (BlockStore.StoredHeader stored : headers) {
                long height = stored.header().height();
                if (height != expected) {
                    throw new TamperedStoreException(channel, "block " + expected + " is missing");
                }
                expected++;
                List<Row> changed = byHeight.remove(height);
                if (changed != null) {
                    for (Row row : changed) {
                        long nano = row.getLong("significance_nano");
                        String who = row.getString("provider");
                        if (nano == 0) {
                            table.remove(who);
                        } else {
                            table.put(who, nano);
                        }
                        if (who.equals(provider)) {
                            points.add(new Point(height, nano));
                        }
                    }
                    root = rootOf(channel, height, table);
                }
                if (!root.equals(stored.header().significanceRoot())) {
                    throw new TamperedStoreException(channel, "the significance table at height " + height
                            + " no longer matches the root in its header");
                }
                if (points.size() >= limit) {
                    return true;
                }
            }
            if (!byHeight.isEmpty()) {
                throw new TamperedStoreException(channel, "significance rows name a block that does not exist");
            }
            return expected <= toHeight; // a window that ends early has reached the latest block
        }
    }
}

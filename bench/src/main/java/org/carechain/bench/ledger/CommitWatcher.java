package org.carechain.bench.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the validators' databases for committed ehr blocks, every few milliseconds. A block
 * counts as committed when its row is visible in any validator's database (rows become visible
 * only when the block's database transaction commits); its time is the first poll that saw it.
 * This is what throughput and latency are measured from: the chain, not the submissions.
 */
final class CommitWatcher implements AutoCloseable {

    /** A committed block: when it was first seen (epoch ms) and how many transactions it holds. */
    record Seen(long height, long atMillis, int transactions) {}

    private final List<Connection> connections = new ArrayList<>();
    private final List<String> databases;
    private final long[] latest;
    private final ConcurrentSkipListMap<Long, Seen> blocks = new ConcurrentSkipListMap<>();
    private final AtomicLong committedTransactions = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    CommitWatcher(String jdbcBase, List<String> databases, long pollMillis) throws SQLException {
        this.databases = databases;
        this.latest = new long[databases.size()];
        for (String db : databases) {
            connections.add(DriverManager.getConnection(jdbcBase + db, "postgres", ""));
        }
        for (int i = 0; i < databases.size(); i++) {
            latest[i] = currentHeight(connections.get(i));
        }
        thread = new Thread(() -> loop(pollMillis), "commit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private static long currentHeight(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(height), 0) FROM ledger_block WHERE channel = 'ehr'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void loop(long pollMillis) {
        List<PreparedStatement> queries = new ArrayList<>();
        try {
            for (Connection connection : connections) {
                queries.add(connection.prepareStatement(
                        "SELECT height, tx_count FROM ledger_block WHERE channel = 'ehr' AND height > ? ORDER BY height"));
            }
            while (running) {
                for (int i = 0; i < queries.size(); i++) {
                    PreparedStatement query = queries.get(i);
                    query.setLong(1, latest[i]);
                    try (ResultSet rows = query.executeQuery()) {
                        long now = System.currentTimeMillis();
                        while (rows.next()) {
                            long height = rows.getLong(1);
                            int count = rows.getInt(2);
                            latest[i] = height;
                            if (blocks.putIfAbsent(height, new Seen(height, now, count)) == null) {
                                committedTransactions.addAndGet(count);
                            }
                        }
                    }
                }
                Thread.sleep(pollMillis);
            }
        } catch (SQLException e) {
            if (running) {
                System.err.println("commit watcher stopped: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transactions in blocks committed since the watcher started. */
    long committedTransactions() {
        return committedTransactions.get();
    }

    /** Each validator's latest committed height, as last polled. */
    long[] latestHeights() {
        return latest.clone();
    }

    /** Blocks first seen within [fromMillis, toMillis). */
    List<Seen> seenBetween(long fromMillis, long toMillis) {
        return blocks.values().stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() < toMillis).toList();
    }

    Seen seen(long height) {
        return blocks.get(height);
    }

    List<String> databases() {
        return databases;
    }

    Connection connection(int index) {
        return connections.get(index);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2_000);
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after the measurement; nothing to report
            }
        }
    }
}

package org.carechain.bench.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw PostgreSQL ceiling the ledger's commit path is compared with: {@code --clients}
 * connections each inserting {@code --rows}-row multi-VALUES INSERTs (one autocommit transaction
 * each) into a table shaped like {@code ledger_transaction}, with the same primary key and unique
 * indexes and rows of the same size (a 32-byte hash, a 30-character key, a {@code --body}-byte
 * body). No block rows, no tree nodes, no consensus: this is what the database alone absorbs.
 */
public final class PostgresCeiling {

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        String url = args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/") + args.string("db", "carechain_bench_pg");
        int clients = (int) args.number("clients", 4);
        int rows = (int) args.number("rows", 1_000);
        int body = (int) args.number("body", 260);
        long millis = args.number("seconds", 20) * 1_000;
        String label = args.string("label", "pg-ceiling");
        try (Connection setup = DriverManager.getConnection(url, "postgres", ""); Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_transaction");
            statement.execute("""
                    CREATE TABLE bench_transaction (
                        channel         VARCHAR(16)  NOT NULL,
                        log_index       BIGINT       NOT NULL,
                        height          BIGINT       NOT NULL,
                        tx_hash         BYTEA        NOT NULL,
                        idempotency_key VARCHAR(128) NOT NULL,
                        body            BYTEA        NOT NULL,
                        PRIMARY KEY (channel, log_index),
                        UNIQUE (channel, idempotency_key),
                        UNIQUE (channel, tx_hash))""");
        }
        StringBuilder sql = new StringBuilder(
                "INSERT INTO bench_transaction (channel, log_index, height, tx_hash, idempotency_key, body) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?)");
        }
        AtomicLong nextIndex = new AtomicLong();
        AtomicLong inserted = new AtomicLong();
        long end = System.currentTimeMillis() + millis;
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(client);
                try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                        PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                    while (System.currentTimeMillis() < end) {
                        long first = nextIndex.getAndAdd(rows);
                        int p = 1;
                        for (int i = 0; i < rows; i++) {
                            byte[] hash = new byte[32];
                            random.nextBytes(hash);
                            byte[] bytes = new byte[body];
                            random.nextBytes(bytes);
                            insert.setString(p++, "ehr");
                            insert.setLong(p++, first + i);
                            insert.setLong(p++, first / rows + 1);
                            insert.setBytes(p++, hash);
                            insert.setString(p++, String.format(Locale.ROOT, "pg/%d/%d", first, i));
                            insert.setBytes(p++, bytes);
                        }
                        insert.executeUpdate();
                        inserted.addAndGet(rows);
                    }
                } catch (SQLException e) {
                    failures.add(e);
                }
            }, "pg-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        String result = String.format(Locale.ROOT, "RESULT label=%s clients=%d rows_per_insert=%d body_bytes=%d "
                + "seconds=%.1f rows=%d rows_per_s=%.0f", label, clients, rows, body, seconds, inserted.get(), inserted.get() / seconds);
        System.out.println(result);
        String file = args.string("out", "");
        if (!file.isEmpty()) {
            Files.writeString(Path.of(file), result + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private PostgresCeiling() {}
}

package org.carechain.cli.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.carechain.crypto.Hash;
import org.carechain.ehr.audit.ChainRecord;
import org.carechain.ehr.audit.Finding;
import org.carechain.ehr.audit.IntegrityAudit;
import org.carechain.ehr.audit.RowDigest;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;

/**
 * Streams every row of a provider's EHR database, recomputes its record pseudonym and content hash
 * exactly as capture does, and compares it with the chain's listing ({@link IntegrityAudit}).
 *
 * <p>Two stages: the calling thread reads the rows (JDBC cursor; the content as the UTF-8 bytes the
 * database sent, never decoded to a String) and hands them on in batches; one checking thread
 * hashes each row and checks it, in the order read, so the findings come in row order.
 */
public final class EhrAudit {

    private static final int FETCH = 10_000;
    private static final int BATCH = 1_000;
    private static final int PROGRESS_EVERY = 5_000;

    private final String provider;
    private final Pseudonyms pseudonyms;
    private final ContentHash contentHash;

    public EhrAudit(String provider, ProviderKeys keys) {
        this.provider = provider;
        this.pseudonyms = new Pseudonyms(keys);
        this.contentHash = ContentHash.forProvider(keys);
    }

    /** A row's identity in the provider's own database, for people allowed to see it. */
    public record LocalId(String resourceType, String resourceId) {}

    /** What the audit found, and the local ids of the records with findings. */
    public record Result(long rows, int chainRecords, List<Finding> findings, Map<Hash, LocalId> localIds,
            long elapsedNanos) {}

    /** The rows to expect, for progress (an exact count). */
    public static long rowCount(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    /**
     * Runs the audit; {@code progress} hears the rows checked so far every few thousand rows, on the
     * calling thread.
     *
     * @param table the captured table, schema-qualified
     */
    public Result run(Connection connection, String table, List<ChainRecord> chain, LongConsumer progress)
            throws SQLException {
        long start = System.nanoTime();
        IntegrityAudit audit = new IntegrityAudit(chain);
        Checker checker = new Checker(audit);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ehr-audit-check");
            thread.setDaemon(true);
            return thread;
        });
        Future<?> checking = executor.submit(checker);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, not the whole table in memory
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT res_type, res_id, res_ver, content::text FROM " + table)) {
            select.setFetchSize(FETCH);
            try (ResultSet rows = select.executeQuery()) {
                Rows batch = new Rows();
                long reported = 0;
                while (rows.next()) {
                    // getBytes hands over the column's bytes as received: content::text in UTF-8.
                    batch.add(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getBytes(4));
                    if (batch.size == BATCH) {
                        checker.hand(batch, checking);
                        batch = new Rows();
                        long checked = checker.checked.get();
                        if (checked - reported >= PROGRESS_EVERY) {
                            progress.accept(checked);
                            reported = checked;
                        }
                    }
                }
                checker.hand(batch, checking);
                checker.hand(Rows.END, checking);
                awaitChecker(checking);
                progress.accept(checker.checked.get());
            }
        } finally {
            checking.cancel(true);
            executor.shutdownNow();
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
        List<Finding> findings = checker.findings;
        findings.addAll(audit.finish());
        return new Result(audit.rows(), audit.chainRecords(), findings, checker.ids, System.nanoTime() - start);
    }

    private static void awaitChecker(Future<?> checking) {
        try {
            checking.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }

    /** A batch of rows as read. */
    private static final class Rows {
        static final Rows END = new Rows();

        final String[] types = new String[BATCH];
        final String[] ids = new String[BATCH];
        final int[] versions = new int[BATCH];
        final byte[][] contents = new byte[BATCH][];
        int size;

        void add(String type, String id, int version, byte[] content) {
            types[size] = type;
            ids[size] = id;
            versions[size] = version;
            contents[size] = content;
            size++;
        }
    }

    /** The checking stage: hashes each row of each batch and checks it, in the order read. */
    private final class Checker implements Runnable {
        private final IntegrityAudit audit;
        private final BlockingQueue<Rows> queue = new ArrayBlockingQueue<>(16);
        private final AtomicLong checked = new AtomicLong();
        private final List<Finding> findings = new ArrayList<>();
        private final Map<Hash, LocalId> ids = new HashMap<>();

        Checker(IntegrityAudit audit) {
            this.audit = audit;
        }

        /** Queues a batch; if the checker has failed, its failure is thrown here. */
        void hand(Rows batch, Future<?> checking) {
            try {
                while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    if (checking.isDone()) {
                        awaitChecker(checking);
                        throw new IllegalStateException("the audit's checking thread stopped early");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while auditing", e);
            }
        }

        @Override
        public void run() {
            try {
                for (Rows batch = queue.take(); batch != Rows.END; batch = queue.take()) {
                    for (int i = 0; i < batch.size; i++) {
                        String type = batch.types[i];
                        String id = batch.ids[i];
                        int version = batch.versions[i];
                        Hash ref = pseudonyms.recordRef(provider, type, id);
                        RowDigest row = new RowDigest(type, ref, version, contentHash.of(type, id, version, batch.contents[i]));
                        var finding = audit.check(row);
                        if (finding.isPresent()) {
                            findings.add(finding.get());
                            ids.put(ref, new LocalId(type, id));
                        }
                    }
                    checked.addAndGet(batch.size);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

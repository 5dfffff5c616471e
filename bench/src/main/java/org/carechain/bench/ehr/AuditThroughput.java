package org.carechain.bench.ehr;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.carechain.bench.ledger.Args;
import org.carechain.bench.ledger.Results;
import org.carechain.cli.audit.EhrAudit;
import org.carechain.crypto.Hash;
import org.carechain.ehr.audit.ChainRecord;
import org.carechain.ehr.audit.IntegrityAudit;
import org.carechain.ehr.audit.RowDigest;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;
import org.carechain.ehr.seed.EhrSeeder;
import org.carechain.ehr.seed.SyntheticPopulation;

/**
 * Audit throughput: {@link EhrAudit} over a database of {@code --rows} rows, beside the plain scan of
 * the same query to the same JDBC client with the same fetch size, and beside the audit as it was
 * before it was pipelined ({@code audit-serial}), alternating, {@code --repeat} times.
 *
 * <p>Setup (when the table does not hold {@code --rows} rows): seeds {@code --patients} patients with
 * {@link EhrSeeder}, then replicates the seeded rows under new ids ({@code <id>-r<n>}, same content)
 * in SQL, with the history trigger disabled, up to exactly {@code --rows} rows, and runs VACUUM
 * ANALYZE. The chain listing (the audit's input, a {@code List<ChainRecord>}) is built from the
 * database with the same {@link ContentHash} and {@link Pseudonyms} under fresh provider keys, every
 * record live at its row's version: a clean audit, so every row takes the full path (lookup, compare,
 * no finding). The listing is not streamed from a ledger here (see {@link ListRecordsRate}).
 */
public final class AuditThroughput {

    static final String SCAN = "SELECT res_type, res_id, res_ver, content::text FROM fhir_resource";

    private final Args args;
    private final int fetch;

    private AuditThroughput(Args args) {
        this.args = args;
        this.fetch = (int) args.number("fetch", 10_000);
    }

    public static void main(String[] argv) throws Exception {
        new AuditThroughput(Args.parse(argv)).run();
    }

    private void run() throws Exception {
        String url = args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/") + args.string("db");
        long target = args.number("rows", 1_000_000);
        String provider = args.string("provider", "bench-provider");
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            long rows = count(connection);
            if (rows != target) {
                setup(connection, target);
                rows = count(connection);
            }
            ProviderKeys keys = ProviderKeys.generate(new SecureRandom());
            long start = System.nanoTime();
            List<ChainRecord> chain = chain(connection, provider, keys);
            report("chain-build", chain.size(), System.nanoTime() - start, "");
            for (int run = 0; run < args.number("repeat", 2); run++) {
                scan(connection, false);
                scan(connection, true);
                serialAudit(connection, provider, keys, chain, rows);
                EhrAudit.Result result = new EhrAudit(provider, keys).run(connection, "public.fhir_resource", chain, n -> {});
                if (!result.findings().isEmpty() || result.rows() != rows) {
                    throw new IllegalStateException("the audit found " + result.findings().size() + " finding(s) over "
                            + result.rows() + " rows; expected none over " + rows);
                }
                report("audit", result.rows(), result.elapsedNanos(), " findings=0");
            }
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS fhir_resource (res_type text)"); // replaced by setup if new
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM fhir_resource")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void setup(Connection connection, long target) throws SQLException {
        int patients = (int) args.number("patients", 10_000);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS fhir_resource, fhir_resource_history CASCADE");
        }
        long start = System.nanoTime();
        EhrSeeder.Result seeded = EhrSeeder.seed(connection, new SyntheticPopulation(42), "bench-provider", patients);
        System.out.printf(Locale.ROOT, "%s (%.1f s)%n", seeded.summary(), (System.nanoTime() - start) / 1e9);
        long base = seeded.rows();
        long copies = (target + base - 1) / base - 1;
        start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE fhir_resource DISABLE TRIGGER fhir_resource_history_trigger");
            statement.execute("INSERT INTO fhir_resource (res_type, res_id, res_ver, patient_id, content, last_updated) "
                    + "SELECT res_type, res_id || '-r' || g, res_ver, patient_id, content, last_updated "
                    + "FROM fhir_resource, generate_series(1, " + copies + ") AS g LIMIT " + (target - base));
            statement.execute("VACUUM ANALYZE fhir_resource");
        }
        System.out.printf(Locale.ROOT, "replicated %d seeded rows %d times up to %d rows (%.1f s)%n", base, copies, target,
                (System.nanoTime() - start) / 1e9);
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT pg_size_pretty(pg_total_relation_size('fhir_resource')), avg(octet_length(content::text))::int FROM fhir_resource")) {
            row.next();
            System.out.println("table size " + row.getString(1) + ", mean content text " + row.getInt(2) + " bytes");
        }
    }

    private List<ChainRecord> chain(Connection connection, String provider, ProviderKeys keys) throws SQLException {
        Pseudonyms pseudonyms = new Pseudonyms(keys);
        ContentHash contentHash = ContentHash.forProvider(keys);
        Hash transaction = Hash.of(new byte[Hash.SIZE]);
        List<ChainRecord> chain = new ArrayList<>();
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement(SCAN)) {
            select.setFetchSize(fetch);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    String id = rows.getString(2);
                    int version = rows.getInt(3);
                    chain.add(new ChainRecord(type, pseudonyms.recordRef(provider, type, id), true,
                            contentHash.of(type, id, version, rows.getBytes(4)), version, 1, transaction));
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(true);
        }
        return chain;
    }

    /**
     * Baseline: the audit as EhrAudit did it before it was pipelined (one thread; the content
     * decoded to a String by the driver and encoded to UTF-8 again for the hash).
     */
    private void serialAudit(Connection connection, String provider, ProviderKeys keys, List<ChainRecord> chain,
            long expected) throws Exception {
        long start = System.nanoTime();
        Pseudonyms pseudonyms = new Pseudonyms(keys);
        ContentHash contentHash = ContentHash.forProvider(keys);
        IntegrityAudit audit = new IntegrityAudit(chain);
        long findings = 0;
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement(SCAN)) {
            select.setFetchSize(fetch);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    String id = rows.getString(2);
                    int version = rows.getInt(3);
                    Hash ref = pseudonyms.recordRef(provider, type, id);
                    if (audit.check(new RowDigest(type, ref, version, contentHash.of(type, id, version, rows.getString(4))))
                            .isPresent()) {
                        findings++;
                    }
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(true);
        }
        findings += audit.finish().size();
        if (findings != 0 || audit.rows() != expected) {
            throw new IllegalStateException("the serial audit found " + findings + " finding(s)");
        }
        report("audit-serial", audit.rows(), System.nanoTime() - start, " findings=0");
    }

    /** The plain scan: the audit's query, fetch size and reads, no hashing. */
    private void scan(Connection connection, boolean strings) throws Exception {
        long start = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement(SCAN)) {
            select.setFetchSize(fetch);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    bytes += result.getString(1).length() + result.getString(2).length() + result.getInt(3);
                    bytes += strings ? result.getString(4).length() : result.getBytes(4).length;
                    rows++;
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(true);
        }
        report(strings ? "scan-strings" : "scan-bytes", rows, System.nanoTime() - start, " content_bytes=" + bytes);
    }

    private void report(String label, long rows, long nanos, String extra) throws Exception {
        double seconds = nanos / 1e9;
        String out = String.format(Locale.ROOT, "RESULT label=%s rows=%d fetch=%d seconds=%.2f rows_per_s=%.0f%s",
                label, rows, fetch, seconds, rows / seconds, extra);
        Results.report(args, out);
    }
}

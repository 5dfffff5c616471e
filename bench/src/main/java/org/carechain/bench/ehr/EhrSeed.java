package org.carechain.bench.ehr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.carechain.bench.ledger.Args;
import org.carechain.ehr.db.EhrSchema;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.seed.EhrSeeder;
import org.carechain.ehr.seed.SyntheticPopulation;

/**
 * Seeds an empty EHR database with {@link EhrSeeder} ({@code --patients} synthetic patients of
 * {@code --provider}) and, with {@code --keys-dir}, writes fresh provider keys there if it holds none.
 *
 * <p>With {@code --staging-db}, EhrSeeder writes into that database and the rows are then copied
 * into {@code --db} in transactions of {@code --rows-per-tx} rows (default 1,000): EhrSeeder's own
 * transactions of 20,000 rows become capture batches of 10,000 record events, which stalled the
 * ledger in this benchmark (docs/benchmarks.md, "EHR capture lag").
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.carechain.bench.ehr.EhrSeed \
 *     --db=carechain_ehrbench_capture --provider=bench-ledger-0 --patients=2000 --keys-dir=/tmp/keys
 * </pre>
 */
public final class EhrSeed {

    private EhrSeed() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        String keysDir = args.string("keys-dir", "");
        if (!keysDir.isEmpty() && !Files.exists(Path.of(keysDir, ProviderKeys.RECORD_KEY_FILE))) {
            ProviderKeys.generate(new SecureRandom()).writeTo(Path.of(keysDir));
        }
        String url = args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/") + args.string("db");
        int patients = (int) args.number("patients", 2_000);
        String staging = args.string("staging-db", "");
        String seedUrl = staging.isEmpty() ? url : args.string("jdbc", "jdbc:postgresql://127.0.0.1:5432/") + staging;
        try (Connection connection = DriverManager.getConnection(seedUrl, "postgres", "")) {
            long start = System.nanoTime();
            EhrSeeder.Result result = EhrSeeder.seed(connection, new SyntheticPopulation(args.number("seed", 42)),
                    args.string("provider"), patients);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(result.summary());
            System.out.printf(Locale.ROOT, "RESULT label=seed db=%s patients=%d rows=%d seconds=%.1f rows_per_s=%.0f%n",
                    staging.isEmpty() ? args.string("db") : staging, patients, result.rows(), seconds,
                    result.rows() / seconds);
            if (!staging.isEmpty()) {
                try (Connection target = DriverManager.getConnection(url, "postgres", "")) {
                    start = System.nanoTime();
                    long rows = copy(connection, target, (int) args.number("rows-per-tx", 1_000));
                    seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "copied %d rows into %s in transactions of %d rows (%.1f s)%n", rows,
                            args.string("db"), args.number("rows-per-tx", 1_000), seconds);
                }
            }
        }
    }

    /** Copies every row of {@code from}'s fhir_resource into {@code to}'s, committing every {@code perTx} rows. */
    private static long copy(Connection from, Connection to, int perTx) throws SQLException {
        EhrSchema.apply(to);
        from.setAutoCommit(false);
        to.setAutoCommit(false);
        long rows = 0;
        try (PreparedStatement select = from.prepareStatement(
                "SELECT res_type, res_id, res_ver, patient_id, content::text, last_updated FROM fhir_resource");
                PreparedStatement insert = to.prepareStatement("INSERT INTO fhir_resource "
                        + "(res_type, res_id, res_ver, patient_id, content, last_updated) VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
            select.setFetchSize(perTx);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    insert.setString(1, result.getString(1));
                    insert.setString(2, result.getString(2));
                    insert.setInt(3, result.getInt(3));
                    insert.setString(4, result.getString(4));
                    insert.setString(5, result.getString(5));
                    insert.setTimestamp(6, result.getTimestamp(6));
                    insert.addBatch();
                    if (++rows % perTx == 0) {
                        insert.executeBatch();
                        to.commit();
                    }
                }
            }
            insert.executeBatch();
            to.commit();
            from.commit();
        } finally {
            from.setAutoCommit(true);
            to.setAutoCommit(true);
        }
        return rows;
    }
}

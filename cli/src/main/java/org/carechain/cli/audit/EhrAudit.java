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
 */
public final class EhrAudit {

    private static final int FETCH = 10_000;

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
     * Runs the audit; {@code progress} hears the rows checked so far every few thousand rows.
     *
     * @param table the captured table, schema-qualified
     */
    public Result run(Connection connection, String table, List<ChainRecord> chain, LongConsumer progress)
            throws SQLException {
        long start = System.nanoTime();
        IntegrityAudit audit = new IntegrityAudit(chain);
        List<Finding> findings = new ArrayList<>();
        Map<Hash, LocalId> ids = new HashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, not the whole table in memory
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT res_type, res_id, res_ver, content::text FROM " + table)) {
            select.setFetchSize(FETCH);
            try (ResultSet rows = select.executeQuery()) {
                long count = 0;
                while (rows.next()) {
                    String type = rows.getString(1);
                    String id = rows.getString(2);
                    int version = rows.getInt(3);
                    Hash ref = pseudonyms.recordRef(provider, type, id);
                    // getBytes hands over the column as the server sent it, the UTF-8 of content::text:
                    // decoding it to a String and encoding it again cost more than the hash.
                    RowDigest row = new RowDigest(type, ref, version, contentHash.of(type, id, version, rows.getBytes(4)));
                    var finding = audit.check(row);
                    if (finding.isPresent()) {
                        findings.add(finding.get());
                        ids.put(ref, new LocalId(type, id));
                    }
                    if (++count % 5_000 == 0) {
                        progress.accept(count);
                    }
                }
                progress.accept(count);
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
        findings.addAll(audit.finish());
        return new Result(audit.rows(), audit.chainRecords(), findings, ids, System.nanoTime() - start);
    }
}

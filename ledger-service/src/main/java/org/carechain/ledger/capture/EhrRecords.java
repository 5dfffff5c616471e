package org.carechain.ledger.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.ehr.capture.CaptureSettings;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;

/**
 * The capturing provider's view of one of its records: the pseudonym the chain knows it by and the
 * content hash of the row as it is now, computed exactly as capture computes it.
 */
public final class EhrRecords {

    private final String provider;
    private final Pseudonyms pseudonyms;
    private final ContentHash contentHash;
    private final CaptureSettings database;
    private final ProviderKeys keys;

    EhrRecords(String provider, ProviderKeys keys, CaptureSettings database) {
        this.provider = provider;
        this.keys = keys;
        this.pseudonyms = new Pseudonyms(keys);
        this.contentHash = ContentHash.forProvider(keys);
        this.database = database;
    }

    /** The row as stored now: its version and content hash. */
    public record CurrentRow(int version, Hash contentHash) {}

    public String provider() {
        return provider;
    }

    /** The provider's pseudonyms: record refs, and patient refs under the consortium key. */
    public Pseudonyms pseudonyms() {
        return pseudonyms;
    }

    /** A copy of the provider's content salt; a requester needs it to check a record's content hash. */
    public byte[] contentSalt() {
        return keys.contentSalt();
    }

    /** The EHR database connection settings. */
    public CaptureSettings database() {
        return database;
    }

    public Hash recordRef(String resourceType, String resourceId) {
        return pseudonyms.recordRef(provider, resourceType, resourceId);
    }

    /**
     * Reads the row now (blocking).
     *
     * @throws SQLException if the EHR database cannot be read
     */
    public Optional<CurrentRow> read(String resourceType, String resourceId) throws SQLException {
        String table = database.tableSchema() + "." + database.tableName();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.connectionProperties());
                PreparedStatement select = connection.prepareStatement(
                        "SELECT res_ver, content::text FROM " + table + " WHERE res_type = ? AND res_id = ?")) {
            select.setString(1, resourceType);
            select.setString(2, resourceId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int version = row.getInt(1);
                return Optional.of(new CurrentRow(version, contentHash.of(resourceType, resourceId, version, row.getString(2))));
            }
        }
    }
}

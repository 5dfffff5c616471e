package org.carechain.search.owner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.ehr.db.EhrDatabase;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;

/**
 * Reads record versions from the provider's EHR database for the owner, by the pseudonym and
 * content hash that a committed record event names. A version is returned only if its content
 * hashes to what the chain says, so the index holds nothing the ledger does not vouch for.
 *
 * <p>Record pseudonyms are one-way, so the reader keeps a map from pseudonym to the local
 * (type, id), filled from the database's history table in sequence order. Single-threaded: the
 * owner's epoch worker is its only caller.
 */
final class EhrRecords implements AutoCloseable {

    /** One version of a record as stored. */
    record Version(String resourceType, String resourceId, int version, String content) {}

    private record LocalKey(String resourceType, String resourceId) {}

    private final EhrDatabase database;
    private final String provider;
    private final Pseudonyms pseudonyms;
    private final ContentHash contentHash;
    private final Map<Hash, LocalKey> localKeys = new HashMap<>();
    private long scannedSeq;
    private Connection connection;

    EhrRecords(EhrDatabase database, String provider, ProviderKeys keys) {
        this.database = database;
        this.provider = provider;
        this.pseudonyms = new Pseudonyms(keys);
        this.contentHash = ContentHash.forProvider(keys);
    }

    /** The version of record {@code recordRef} whose content hash is {@code expected}, if the database has it. */
    Optional<Version> version(Hash recordRef, Hash expected) throws SQLException {
        LocalKey key = localKeys.get(recordRef);
        if (key == null) {
            scanNewRecords();
            key = localKeys.get(recordRef);
            if (key == null) {
                return Optional.empty();
            }
        }
        try (PreparedStatement statement = connection().prepareStatement(
                "SELECT res_ver, content::text FROM fhir_resource_history "
                        + "WHERE res_type = ? AND res_id = ? AND content IS NOT NULL ORDER BY seq DESC")) {
            statement.setString(1, key.resourceType());
            statement.setString(2, key.resourceId());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int version = rows.getInt(1);
                    String content = rows.getString(2);
                    if (contentHash.of(key.resourceType(), key.resourceId(), version, content).equals(expected)) {
                        return Optional.of(new Version(key.resourceType(), key.resourceId(), version, content));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Maps the pseudonyms of records written since the last scan. */
    private void scanNewRecords() throws SQLException {
        while (true) {
            int seen = 0;
            try (PreparedStatement statement = connection().prepareStatement(
                    "SELECT seq, res_type, res_id FROM fhir_resource_history WHERE seq > ? ORDER BY seq LIMIT 50000")) {
                statement.setLong(1, scannedSeq);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        seen++;
                        scannedSeq = rows.getLong(1);
                        String type = rows.getString(2);
                        String id = rows.getString(3);
                        localKeys.computeIfAbsent(pseudonyms.recordRef(provider, type, id), ignored -> new LocalKey(type, id));
                    }
                }
            }
            if (seen < 50000) {
                return;
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.connect();
            connection.setReadOnly(true);
        }
        return connection;
    }

    /** Drops the connection after a failure; the next read opens a new one. */
    void reset() {
        close();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }
}

package org.carechain.ledger.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.ehr.capture.CaptureSettings;
import org.carechain.ehr.exchange.ExchangeBundle;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.fhir.SearchKeywords;
import org.carechain.ehr.fhir.SecurityLabels;
import org.carechain.ledger.capture.EhrRecords;
import org.carechain.ledger.core.chain.RecordEvent;

/**
 * A provider's records of one patient, read from its EHR database for an exchange: the patient is
 * found by their consortium pseudonym (the MPI identifier of a local Patient, pseudonymised as
 * capture does), then their records of the asked types, each with its stored jsonb text, security
 * label and clinical date. Blocking JDBC; call it off the event loop.
 */
public final class PatientRecords {

    /** How often an unknown pseudonym may trigger a new pass over the Patient rows. */
    private static final long RESCAN_AFTER_NANOS = 5_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Connections kept open between reads. */
    private static final int MAX_IDLE = 4;

    private final java.util.ArrayDeque<Connection> idle = new java.util.ArrayDeque<>();

    private final EhrRecords records;
    private final String table;
    private final Map<Hash, String> localPatients = new HashMap<>();
    private boolean scanned;
    private long scannedAt;

    public PatientRecords(EhrRecords records) {
        this.records = records;
        CaptureSettings database = records.database();
        this.table = database.tableSchema() + "." + database.tableName();
    }

    /** One stored record: what goes into the bundle, and what consent looks at. */
    public record Row(ExchangeBundle.Entry entry, RecordEvent.SecurityLabel label, Optional<Long> clinicalDateMillis) {}

    /**
     * The patient's records of these types whose clinical date is in [from, to) (0 for open; a record
     * without a clinical date is left out of a bounded range), at most {@code limit + 1} so the
     * caller can tell an overflow.
     *
     * @return empty if this provider has no patient with this pseudonym
     * @throws SQLException if the EHR database cannot be read
     */
    public Optional<List<Row>> read(Hash patientRef, List<String> types, long fromMillis, long toMillis, int limit)
            throws SQLException {
        Connection connection = borrow();
        try {
            Optional<List<Row>> rows = read(connection, patientRef, types, fromMillis, toMillis, limit);
            giveBack(connection);
            return rows;
        } catch (SQLException | RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    private Optional<List<Row>> read(Connection connection, Hash patientRef, List<String> types, long fromMillis,
            long toMillis, int limit) throws SQLException {
        Optional<String> local = localPatient(connection, patientRef);
        if (local.isEmpty()) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT res_type, res_id, res_ver, content::text FROM "
                + table + " WHERE patient_id = ? AND res_type = ANY(?) ORDER BY res_type, res_id")) {
            Array typeArray = connection.createArrayOf("text", types.toArray());
            select.setString(1, local.get());
            select.setArray(2, typeArray);
            try (ResultSet row = select.executeQuery()) {
                while (row.next() && rows.size() <= limit) {
                    String type = row.getString(1);
                    String id = row.getString(2);
                    String text = row.getString(4);
                    // One parse per row serves both the date and the label.
                    JsonNode resource = parse(text);
                    Optional<Long> date = resource == null ? Optional.empty() : clinicalDate(resource);
                    boolean bounded = fromMillis > 0 || toMillis > 0;
                    if (bounded && (date.isEmpty() || (fromMillis > 0 && date.get() < fromMillis)
                            || (toMillis > 0 && date.get() >= toMillis))) {
                        continue;
                    }
                    ExchangeBundle.Entry entry = new ExchangeBundle.Entry(type, id, row.getInt(3),
                            records.recordRef(type, id), text);
                    // A record that is not a JSON object is served only to those cleared for everything.
                    rows.add(new Row(entry, resource == null ? RecordEvent.SecurityLabel.V : SecurityLabels.of(resource),
                            date));
                }
            }
        }
        return Optional.of(rows);
    }

    /** A connection kept from an earlier read, or a new one: opening one cost more than the read. */
    private Connection borrow() throws SQLException {
        synchronized (idle) {
            Connection kept = idle.poll();
            if (kept != null) {
                return kept;
            }
        }
        CaptureSettings database = records.database();
        return DriverManager.getConnection(database.jdbcUrl(), database.connectionProperties());
    }

    private void giveBack(Connection connection) {
        synchronized (idle) {
            if (idle.size() < MAX_IDLE) {
                idle.push(connection);
                return;
            }
        }
        close(connection);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    /** The local Patient id of a pseudonym, from a cache refreshed at most every few seconds. */
    private synchronized Optional<String> localPatient(Connection connection, Hash patientRef) throws SQLException {
        String known = localPatients.get(patientRef);
        if (known != null || (scanned && System.nanoTime() - scannedAt < RESCAN_AFTER_NANOS)) {
            return Optional.ofNullable(known);
        }
        Map<Hash, String> fresh = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT res_id, content->'identifier' FROM " + table + " WHERE res_type = 'Patient'");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                String id = row.getString(1);
                mpiId(row.getString(2)).ifPresent(mpi -> fresh.put(records.pseudonyms().patientRef(mpi), id));
            }
        }
        localPatients.clear();
        localPatients.putAll(fresh);
        scanned = true;
        scannedAt = System.nanoTime();
        return Optional.ofNullable(localPatients.get(patientRef));
    }

    private static Optional<String> mpiId(String identifiers) {
        if (identifiers == null) {
            return Optional.empty();
        }
        try {
            for (JsonNode identifier : JSON.readTree(identifiers)) {
                if (PatientLinks.MPI_SYSTEM.equals(identifier.path("system").asText())
                        && identifier.path("value").isTextual()) {
                    return Optional.of(identifier.path("value").asText());
                }
            }
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The row's content as a JSON object; null if it is not one. */
    private static JsonNode parse(String text) {
        try {
            JsonNode resource = JSON.readTree(text);
            return resource != null && resource.isObject() ? resource : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The start of the record's clinical date (UTC), at day precision or coarser. */
    static Optional<Long> clinicalDate(JsonNode resource) {
        return SearchKeywords.clinicalDate(resource).flatMap(value -> {
            try {
                if (value.length() >= 10) {
                    return Optional.of(LocalDate.parse(value.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                }
                if (value.length() == 7) {
                    return Optional.of(LocalDate.parse(value + "-01").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                }
                if (value.length() == 4) {
                    return Optional.of(LocalDate.parse(value + "-01-01").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                }
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
            return Optional.empty();
        });
    }
}

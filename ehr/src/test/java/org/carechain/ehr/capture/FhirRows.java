package org.carechain.ehr.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.SplittableRandom;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ledger.core.chain.RecordEvent.Operation;

/**
 * Writes rows of {@code fhir_resource} the way a FHIR server would, and returns what capture must
 * read for each: the row's version and PostgreSQL's own text of its content as of that change.
 */
final class FhirRows {

  /** What a change must capture; position and commit time are the capture's to assign. */
  record Expected(Operation operation, String type, String id, int version, String content) {
    static Expected of(RecordChange change) {
      return new Expected(change.operation(), change.resourceType(), change.resourceId(), change.version(),
          change.content());
    }
  }

  private FhirRows() {}

  static String patient(String id, String family, String given, String birthDate) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":true,\"name\":[{\"use\":\"official\","
        + "\"family\":\"" + family + "\",\"given\":[\"" + given + "\"]}],\"gender\":\"female\",\"birthDate\":\""
        + birthDate + "\"}";
  }

  static String observation(String id, String patientId, String status, double valueKg) {
    return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"code\":{\"coding\":"
        + "[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\",\"display\":\"Body weight\"}]},\"subject\":"
        + "{\"reference\":\"Patient/" + patientId + "\"},\"valueQuantity\":{\"value\":" + valueKg + ",\"unit\":\"kg\","
        + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"}}";
  }

  /**
   * A scanned report of {@code attachmentBytes} random bytes: base64 of random bytes does not
   * compress, so the content is stored out of line (TOASTed) from about 2 KB on.
   */
  static String documentReference(String id, String patientId, int attachmentBytes, SplittableRandom random) {
    byte[] data = new byte[attachmentBytes];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    return "{\"resourceType\":\"DocumentReference\",\"id\":\"" + id + "\",\"status\":\"current\",\"subject\":"
        + "{\"reference\":\"Patient/" + patientId + "\"},\"content\":[{\"attachment\":{\"contentType\":"
        + "\"application/pdf\",\"title\":\"Discharge summary\",\"data\":\""
        + Base64.getEncoder().encodeToString(data) + "\"}}]}";
  }

  static Expected insert(Connection connection, String type, String id, String patientId, String json)
      throws SQLException {
    return one(connection, Operation.CREATE, type, id,
        "INSERT INTO fhir_resource (res_type, res_id, res_ver, patient_id, content) VALUES (?, ?, 1, ?, ?::jsonb)"
            + " RETURNING res_ver, content::text", type, id, patientId, json);
  }

  static Expected update(Connection connection, String type, String id, String json) throws SQLException {
    return one(connection, Operation.UPDATE, type, id,
        "UPDATE fhir_resource SET content = ?::jsonb, res_ver = res_ver + 1, last_updated = now()"
            + " WHERE res_type = ? AND res_id = ? RETURNING res_ver, content::text", json, type, id);
  }

  /** Bumps only the version: a TOASTed content stays on disk untouched. */
  static Expected bumpVersion(Connection connection, String type, String id) throws SQLException {
    return one(connection, Operation.UPDATE, type, id,
        "UPDATE fhir_resource SET res_ver = res_ver + 1 WHERE res_type = ? AND res_id = ?"
            + " RETURNING res_ver, content::text", type, id);
  }

  static Expected delete(Connection connection, String type, String id) throws SQLException {
    return one(connection, Operation.DELETE, type, id,
        "DELETE FROM fhir_resource WHERE res_type = ? AND res_id = ? RETURNING res_ver, content::text", type, id);
  }

  private static Expected one(Connection connection, Operation operation, String type, String id, String sql,
      String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException(operation + " found no row");
        }
        return new Expected(operation, type, id, rows.getInt(1), rows.getString(2));
      }
    }
  }
}

package org.carechain.ehr.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EhrDatabaseTest {

  @Test
  void environmentDefaultsToTheLocalServerAsPostgres() {
    EhrDatabase database = EhrDatabase.fromEnvironment(Map.of(), "carechain_ehr_hospital1");
    assertEquals(new EhrDatabase("127.0.0.1", 5432, "carechain_ehr_hospital1", "postgres", ""), database);
    assertEquals("jdbc:postgresql://127.0.0.1:5432/carechain_ehr_hospital1", database.jdbcUrl());
  }

  @Test
  void environmentOverridesEveryPart() {
    EhrDatabase database = EhrDatabase.fromEnvironment(Map.of("CARECHAIN_DB_HOST", "db.example", "CARECHAIN_DB_PORT",
        "6543", "CARECHAIN_DB_USER", "ehr", "CARECHAIN_DB_PASSWORD", "s3cret"), "x");
    assertEquals(new EhrDatabase("db.example", 6543, "x", "ehr", "s3cret"), database);
    assertFalse(database.toString().contains("s3cret"), database.toString());
  }

  @Test
  void badPortsAndNamesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> EhrDatabase.fromEnvironment(Map.of("CARECHAIN_DB_PORT", "x"), "db"));
    assertThrows(IllegalArgumentException.class, () -> EhrDatabase.fromEnvironment(Map.of(), "db; DROP TABLE x"));
    assertThrows(IllegalArgumentException.class, () -> EhrDatabase.fromEnvironment(Map.of(), "Upper"));
  }

  @Test
  void createIfMissingCreatesOnceAndTheSchemaAppliesTwice() throws SQLException {
    try (TestDatabase test = TestDatabase.create()) {
      assertFalse(test.database().createIfMissing(), "it exists already");
      try (Connection connection = test.connect()) {
        EhrSchema.apply(connection);
        EhrSchema.apply(connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute("INSERT INTO fhir_resource (res_type, res_id, res_ver, patient_id, content)"
              + " VALUES ('Patient', 'p1', 1, 'p1', '{\"resourceType\":\"Patient\"}')");
          try (ResultSet row = statement.executeQuery("SELECT operation, res_ver FROM fhir_resource_history")) {
            assertTrue(row.next(), "the history trigger recorded the insert");
            assertEquals("C", row.getString(1));
          }
        }
      }
    }
  }
}

package org.carechain.ehr.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.carechain.crypto.Hash;
import org.carechain.ehr.db.TestDatabase;
import org.carechain.ehr.record.ContentHash;
import org.junit.jupiter.api.Test;

class EhrSeederTest {

  @Test
  void writesEveryResourceOfThePopulationAtVersionOne() throws SQLException {
    SyntheticPopulation population = new SyntheticPopulation(11);
    List<SyntheticResource> expected = population.resources("hospital1", 600);
    Map<String, Long> expectedByType = expected.stream()
        .collect(Collectors.groupingBy(SyntheticResource::resourceType, TreeMap::new, Collectors.counting()));
    try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
      EhrSeeder.Result result = EhrSeeder.seed(connection, population, "hospital1", 600, 2000);
      assertEquals(expected.size(), result.rows());
      assertEquals(expectedByType, result.rowsByType());
      assertEquals((expected.size() + 1999) / 2000, result.transactions(), "one transaction per 2,000 rows");
      assertEquals(expectedByType, countByType(connection, "fhir_resource"));
      assertEquals(expectedByType, countByType(connection, "fhir_resource_history"));
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT count(*) FILTER (WHERE res_ver <> 1),"
              + " count(*) FILTER (WHERE res_type = 'Patient' AND patient_id <> res_id),"
              + " count(DISTINCT patient_id), count(*) FILTER (WHERE content->>'id' <> res_id) FROM fhir_resource")) {
        row.next();
        assertEquals(0, row.getLong(1), "rows not at version 1");
        assertEquals(0, row.getLong(2), "Patients whose patient_id is not their own id");
        assertEquals(600, row.getLong(3), "patients");
        assertEquals(0, row.getLong(4), "rows whose content id is not res_id");
      }
      assertTrue(result.summary().startsWith("Wrote " + expected.size() + " resources of 600 patients for hospital1"),
          result.summary());
    }
  }

  @Test
  void theContentOfASeededRowIsTheGeneratedResource() throws SQLException {
    SyntheticPopulation population = new SyntheticPopulation(12);
    SyntheticResource first = population.resources("clinic", 1).get(0);
    try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
      EhrSeeder.seed(connection, population, "clinic", 1);
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT content = '" + first.json().replace("'", "''")
              + "'::jsonb, content::text, extract(epoch FROM last_updated) * 1000 FROM fhir_resource"
              + " WHERE res_type = 'Patient'")) {
        row.next();
        assertTrue(row.getBoolean(1), "the stored jsonb equals the generated JSON");
        Hash stored = ContentHash.withSalt(new byte[32]).of("Patient", first.id(), 1, row.getString(2));
        assertEquals(ContentHash.withSalt(new byte[32]).of("Patient", first.id(), 1,
            reread(connection, first.json())), stored);
        assertEquals(first.lastUpdatedMillis(), row.getLong(3));
      }
    }
  }

  @Test
  void refusesADatabaseThatHoldsRecords() throws SQLException {
    SyntheticPopulation population = new SyntheticPopulation(13);
    try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
      EhrSeeder.seed(connection, population, "clinic", 2);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> EhrSeeder.seed(connection, population, "clinic", 2));
      assertTrue(e.getMessage().contains("already holds"), e.getMessage());
    }
  }

  private static String reread(Connection connection, String json) throws SQLException {
    try (var select = connection.prepareStatement("SELECT ?::jsonb::text")) {
      select.setString(1, json);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  static Map<String, Long> countByType(Connection connection, String table) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT res_type, count(*) FROM " + table + " GROUP BY res_type")) {
      while (row.next()) {
        counts.put(row.getString(1), row.getLong(2));
      }
    }
    return counts;
  }
}

package org.carechain.ehr.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.carechain.ehr.db.TestDatabase;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

class ChangeWorkloadTest {

  @Test
  void makesTheChangesItReportsAndKeepsRecordsConsistent() throws Exception {
    SyntheticPopulation population = new SyntheticPopulation(21);
    try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
      long seeded = EhrSeeder.seed(connection, population, "hospital1", 40).rows();
      ChangeWorkload.Counts counts = new ChangeWorkload(ChangeWorkload.Options.defaults(7).withBatchSize(5))
          .run(connection, 200);
      assertEquals(200, counts.changes());
      assertEquals(40, counts.transactions(), "200 changes in batches of 5");
      assertTrue(counts.updates() > 0 && counts.deletes() > 0 && counts.inserts() > 0, counts.toString());

      try (Statement statement = connection.createStatement()) {
        assertEquals(seeded - counts.deletes() + counts.inserts(), single(statement, "SELECT count(*) FROM fhir_resource"));
        assertEquals(counts.updates(), single(statement, "SELECT count(*) FROM fhir_resource_history WHERE operation = 'U'"));
        assertEquals(counts.deletes(), single(statement, "SELECT count(*) FROM fhir_resource_history WHERE operation = 'D'"));
        assertEquals(seeded + counts.inserts(), single(statement, "SELECT count(*) FROM fhir_resource_history WHERE operation = 'C'"));
        assertEquals(0, single(statement, "SELECT count(*) FROM fhir_resource WHERE content->'meta'->>'versionId' <> res_ver::text"),
            "meta.versionId follows res_ver");
        assertEquals(0, single(statement, "SELECT count(*) FROM fhir_resource"
            + " WHERE (content->'meta'->>'lastUpdated')::timestamptz <> date_trunc('milliseconds', last_updated)"),
            "meta.lastUpdated follows last_updated");
        assertEquals(40, single(statement, "SELECT count(*) FROM fhir_resource WHERE res_type = 'Patient'"),
            "patients are never deleted");
        // Every row, changed or new, is still a FHIR resource of its type linked to its patient.
        try (ResultSet row = statement.executeQuery("SELECT res_type, content::text FROM fhir_resource")) {
          while (row.next()) {
            IBaseResource resource = Fhir.parse(row.getString(2));
            assertEquals(row.getString(1), resource.fhirType());
            assertTrue(PatientLinks.mpiId(resource).isPresent(), "an MPI link");
          }
        }
        // An updated record's content changed, not only its version.
        assertEquals(0, single(statement, "SELECT count(*) FROM fhir_resource_history h JOIN fhir_resource_history p"
            + " ON p.res_type = h.res_type AND p.res_id = h.res_id AND p.res_ver = h.res_ver - 1"
            + " WHERE h.operation = 'U' AND (h.content - 'meta') = (p.content - 'meta')"));
      }
    }
  }

  @Test
  void theSameSeedOnTheSameDatabaseMakesTheSameChoices() throws Exception {
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
        EhrSeeder.seed(connection, new SyntheticPopulation(22), "clinic", 15);
        new ChangeWorkload(ChangeWorkload.Options.defaults(99)).run(connection, 60);
        runs.add(historyOf(connection));
      }
    }
    assertEquals(runs.get(0), runs.get(1));
  }

  @Test
  void aRateLimitSpacesTheChanges() throws Exception {
    try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
      EhrSeeder.seed(connection, new SyntheticPopulation(23), "clinic", 5);
      long started = System.nanoTime();
      new ChangeWorkload(ChangeWorkload.Options.defaults(1).withRate(50)).run(connection, 20);
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      // 20 changes at 50 a second cannot finish before 400 ms; no upper bound, machines vary.
      assertTrue(elapsedMillis >= 380, "took " + elapsedMillis + " ms");
    }
  }

  private static List<String> historyOf(Connection connection) throws SQLException {
    List<String> history = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT operation, res_type, res_id, res_ver FROM fhir_resource_history ORDER BY seq")) {
      while (row.next()) {
        history.add(row.getString(1) + " " + row.getString(2) + "/" + row.getString(3) + "/" + row.getInt(4));
      }
    }
    return history;
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}

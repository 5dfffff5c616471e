package org.carechain.ehr.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.carechain.ehr.db.EhrSchema;
import org.carechain.ehr.db.TestDatabase;
import org.carechain.ehr.fhir.DefaultImportantItems;
import org.carechain.ehr.fhir.ItemMasks;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ehr.record.RecordEvents;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.junit.jupiter.api.Test;

/**
 * Runs the failure paths over generated records and checks that no exception message, log record,
 * standard output or {@code toString} names a patient or carries an MPI id.
 */
class NoPatientDataInMessagesTest {

  @Test
  void failuresAndLogsNameNoPatient() throws Exception {
    SyntheticPopulation population = new SyntheticPopulation(31);
    List<SyntheticResource> resources = population.resources("hospital1", 40);
    List<String> secrets = new ArrayList<>(CodeTables.GIVEN_NAMES);
    secrets.addAll(CodeTables.FAMILY_NAMES);
    population.membersOf("hospital1", 40).forEach(member -> secrets.add(member.mpiId()));

    List<String> said = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        said.add(record.getMessage() + " " + record.getParameters() + " " + record.getThrown());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    root.addHandler(handler);
    root.setLevel(Level.ALL);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    int failures = 0;
    try {
      RecordEvents events = new RecordEvents("hospital1", ProviderKeys.generate(new java.security.SecureRandom()),
          new ItemMasks(DefaultImportantItems.catalog()));
      int position = 0;
      for (SyntheticResource resource : resources) {
        String json = resource.json();
        List<RecordChange> broken = List.of(
            change(resource, resource.resourceType(), json.replace("urn:carechain:mpi", "urn:other"), position++),
            change(resource, resource.resourceType().equals("Patient") ? "Observation" : "Patient", json, position++),
            change(resource, resource.resourceType(), json.substring(0, json.length() / 2), position++),
            // An invalid value, which HAPI's own message would quote.
            change(resource, resource.resourceType(), json.replace("\"lastUpdated\":\"",
                "\"lastUpdated\":\"" + CodeTables.FAMILY_NAMES.get(0) + secrets.get(secrets.size() - 1)), position++));
        for (RecordChange change : broken) {
          try {
            events.toTransaction(change);
          } catch (IllegalArgumentException e) {
            failures++;
            for (Throwable t = e; t != null; t = t.getCause()) {
              said.add(t.getMessage());
            }
          }
          said.add(change.toString());
        }
        said.add(resource.toString());
        said.add(events.toTransaction(change(resource, resource.resourceType(), json, position++)).toString());
        said.add(events.toEvent(change(resource, resource.resourceType(), json, position++)).toString());
      }
      population.membersOf("hospital1", 40).forEach(member -> said.add(member.toString()));

      try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
        EhrSchema.apply(connection);
        try {
          new ChangeWorkload(ChangeWorkload.Options.defaults(1)).run(connection, 5);
        } catch (IllegalStateException e) {
          failures++;
          said.add(e.getMessage());
        }
        EhrSeeder.seed(connection, population, "hospital1", 40);
        try {
          EhrSeeder.seed(connection, population, "hospital1", 40);
        } catch (IllegalStateException e) {
          failures++;
          said.add(e.getMessage());
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      root.removeHandler(handler);
      root.setLevel(level);
    }
    said.add(printed.toString(StandardCharsets.UTF_8));

    assertEquals(resources.size() * 4 + 2, failures, "every broken change and bad run failed");
    String everything = String.join("\n", said);
    for (String secret : secrets) {
      assertTrue(!everything.contains(secret), "a message or log line carries " + secret);
    }
  }

  private static RecordChange change(SyntheticResource resource, String type, String content, int position) {
    return new RecordChange(Operation.CREATE, type, resource.id(), 1, content, "0/ABC:" + position, 1L);
  }
}

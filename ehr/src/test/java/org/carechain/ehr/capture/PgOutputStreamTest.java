package org.carechain.ehr.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.carechain.ehr.capture.FhirRows.Expected;
import org.carechain.ehr.capture.PgOutputMessage.Begin;
import org.carechain.ehr.capture.PgOutputMessage.Commit;
import org.carechain.ehr.capture.PgOutputMessage.Delete;
import org.carechain.ehr.capture.PgOutputMessage.Insert;
import org.carechain.ehr.capture.PgOutputMessage.NullValue;
import org.carechain.ehr.capture.PgOutputMessage.Origin;
import org.carechain.ehr.capture.PgOutputMessage.Relation;
import org.carechain.ehr.capture.PgOutputMessage.Text;
import org.carechain.ehr.capture.PgOutputMessage.Truncate;
import org.carechain.ehr.capture.PgOutputMessage.Type;
import org.carechain.ehr.capture.PgOutputMessage.UnchangedToast;
import org.carechain.ehr.capture.PgOutputMessage.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/** The decoder on PostgreSQL's real pgoutput stream, message by message. */
class PgOutputStreamTest {

  private TestDatabase database;
  private CaptureSettings settings;
  private String origin;

  @BeforeEach
  void setUp() throws Exception {
    database = TestDatabase.create();
    database.applySchema();
    database.execute("CREATE TYPE triage_level AS ENUM ('low', 'high');"
        + " CREATE TABLE triage (id int PRIMARY KEY, level triage_level)");
    settings = database.settings("raw");
    database.execute("CREATE PUBLICATION " + settings.publicationName() + " FOR TABLE fhir_resource, triage");
    database.execute("SELECT pg_create_logical_replication_slot('" + settings.slotName() + "', 'pgoutput')");
    origin = database.name + "_origin";
  }

  @AfterEach
  void tearDown() throws SQLException {
    try {
      database.execute("SELECT pg_replication_origin_drop(roname) FROM pg_replication_origin WHERE roname = '"
          + origin + "'");
    } finally {
      database.close();
    }
  }

  @Test
  void everyKindOfMessageFromARealStream() throws Exception {
    Expected inserted;
    Expected bumped;
    try (Connection connection = database.connect()) {
      inserted = FhirRows.insert(connection, "DocumentReference", "doc-1", "pat-1",
          FhirRows.documentReference("doc-1", "pat-1", 6000, new SplittableRandom(7)));
      bumped = FhirRows.bumpVersion(connection, "DocumentReference", "doc-1");
      FhirRows.delete(connection, "DocumentReference", "doc-1");
      try (Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO triage VALUES (1, 'high'), (2, NULL)");
        statement.execute("SELECT pg_replication_origin_create('" + origin + "')");
        statement.execute("SELECT pg_replication_origin_session_setup('" + origin + "')");
        connection.setAutoCommit(false);
        statement.execute("SELECT pg_replication_origin_xact_setup('0/AB', now())");
        FhirRows.insert(connection, "Patient", "pat-1", "pat-1", FhirRows.patient("pat-1", "Ito", "Yui", "1999-09-09"));
        connection.commit();
        connection.setAutoCommit(true);
        statement.execute("SELECT pg_replication_origin_session_reset()");
        statement.execute("TRUNCATE fhir_resource");
      }
    }

    List<PgOutputMessage> messages = read(message -> message instanceof Truncate, Duration.ofSeconds(10));

    // PostgreSQL sends a Relation again after the table's cache entry is invalidated.
    Relation fhir = messages.stream().filter(m -> m instanceof Relation r && r.name().equals("fhir_resource"))
        .map(Relation.class::cast).findFirst().orElseThrow();
    assertEquals("public", fhir.namespace());
    assertEquals('f', fhir.replicaIdentity());
    assertEquals(List.of("res_type", "res_id", "res_ver", "patient_id", "content", "last_updated"),
        fhir.columns().stream().map(PgOutputMessage.Column::name).toList());
    int content = fhir.indexOf("content");
    int version = fhir.indexOf("res_ver");

    Insert insert = only(messages, Insert.class, i -> i.relationId() == fhir.relationId()
        && text(i.newTuple().values().get(0)).equals("DocumentReference"));
    assertEquals(inserted.content(), text(insert.newTuple().values().get(content)));

    Update update = only(messages, Update.class, u -> true);
    assertEquals('O', update.oldKind());
    assertInstanceOf(UnchangedToast.class, update.newTuple().values().get(content),
        "a version-only update of a TOASTed content must send it as unchanged");
    assertEquals(bumped.content(), text(update.oldTuple().values().get(content)));
    assertEquals("2", text(update.newTuple().values().get(version)));

    Delete delete = only(messages, Delete.class, d -> true);
    assertEquals('O', delete.oldKind());
    assertEquals(inserted.content(), text(delete.oldTuple().values().get(content)));

    Type type = only(messages, Type.class, t -> true);
    assertEquals("triage_level", type.name());
    Relation triage = only(messages, Relation.class, r -> r.name().equals("triage"));
    assertEquals(type.typeOid(), triage.columns().get(1).typeOid());
    assertTrue(messages.indexOf(type) < messages.indexOf(triage), "Type must come before its Relation");
    List<Insert> triageRows = messages.stream().filter(m -> m instanceof Insert i && i.relationId() == triage.relationId())
        .map(Insert.class::cast).toList();
    assertEquals(new Text("high"), triageRows.get(0).newTuple().values().get(1));
    assertEquals(new NullValue(), triageRows.get(1).newTuple().values().get(1));

    Origin fromOrigin = only(messages, Origin.class, o -> true);
    assertEquals(origin, fromOrigin.name());
    assertEquals(0xABL, fromOrigin.originCommitLsn());

    Truncate truncate = only(messages, Truncate.class, t -> true);
    assertEquals(List.of(fhir.relationId()), truncate.relationIds());

    assertBeginsMatchCommits(messages);
  }

  private static void assertBeginsMatchCommits(List<PgOutputMessage> messages) {
    Begin open = null;
    int commits = 0;
    for (PgOutputMessage message : messages) {
      if (message instanceof Begin begin) {
        assertEquals(null, open, "nested Begin");
        open = begin;
      } else if (message instanceof Commit commit) {
        assertEquals(open.finalLsn(), commit.commitLsn());
        assertEquals(open.commitTimeMicros(), commit.commitTimeMicros());
        assertTrue(commit.endLsn() > commit.commitLsn());
        open = null;
        commits++;
      }
    }
    assertEquals(5, commits, "insert, update, delete, triage, origin insert; the truncate's commit is not read");
  }

  private List<PgOutputMessage> read(java.util.function.Predicate<PgOutputMessage> last, Duration timeout)
      throws SQLException, InterruptedException {
    List<PgOutputMessage> messages = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.replicationProperties())) {
      PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
          .logical()
          .withSlotName(settings.slotName())
          .withSlotOption("proto_version", 1)
          .withSlotOption("publication_names", settings.publicationName())
          .withStartPosition(LogSequenceNumber.INVALID_LSN)
          .start();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        ByteBuffer buffer = stream.readPending();
        if (buffer == null) {
          TimeUnit.MILLISECONDS.sleep(10);
          continue;
        }
        PgOutputMessage message = PgOutputDecoder.decode(buffer);
        messages.add(message);
        if (last.test(message)) {
          stream.close();
          return messages;
        }
      }
    }
    fail("the stream did not reach its last message within " + timeout + "; read " + messages.size());
    return messages;
  }

  private static <T extends PgOutputMessage> T only(List<PgOutputMessage> messages, Class<T> kind,
      java.util.function.Predicate<T> which) {
    List<T> found = messages.stream().filter(kind::isInstance).map(kind::cast).filter(which).toList();
    assertEquals(1, found.size(), kind.getSimpleName() + " messages");
    return found.get(0);
  }

  private static String text(PgOutputMessage.Value value) {
    return assertInstanceOf(Text.class, value).text();
  }
}

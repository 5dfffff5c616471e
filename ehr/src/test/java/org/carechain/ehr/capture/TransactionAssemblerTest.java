package org.carechain.ehr.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.carechain.ehr.capture.PgOutputMessage.Begin;
import org.carechain.ehr.capture.PgOutputMessage.Column;
import org.carechain.ehr.capture.PgOutputMessage.Commit;
import org.carechain.ehr.capture.PgOutputMessage.Delete;
import org.carechain.ehr.capture.PgOutputMessage.Insert;
import org.carechain.ehr.capture.PgOutputMessage.NullValue;
import org.carechain.ehr.capture.PgOutputMessage.Relation;
import org.carechain.ehr.capture.PgOutputMessage.Text;
import org.carechain.ehr.capture.PgOutputMessage.Truncate;
import org.carechain.ehr.capture.PgOutputMessage.TupleData;
import org.carechain.ehr.capture.PgOutputMessage.UnchangedToast;
import org.carechain.ehr.capture.PgOutputMessage.Update;
import org.carechain.ehr.capture.PgOutputMessage.Value;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {

  private static final int TABLE = 16_385;
  private static final int OTHER = 16_390;
  private static final long COMMIT = 0x16B3748L;
  // 2026-01-02T03:04:05.678901Z in PostgreSQL microseconds since 2000-01-01.
  private static final long COMMIT_MICROS = (1_767_323_045_678L - 946_684_800_000L) * 1000 + 901;
  private static final String V1 = "{\"id\": \"o-1\", \"status\": \"preliminary\", \"resourceType\": \"Observation\"}";
  private static final String V2 = "{\"id\": \"o-1\", \"status\": \"final\", \"resourceType\": \"Observation\"}";

  private TransactionAssembler assembler;

  @BeforeEach
  void setUp() throws CaptureException {
    assembler = new TransactionAssembler("public", "fhir_resource");
    // Columns in the schema's order, with one the capture does not read in between.
    assembler.accept(new Relation(TABLE, "public", "fhir_resource", 'f', List.of(
        new Column(1, "res_type", 25, -1), new Column(1, "res_id", 25, -1), new Column(0, "res_ver", 23, -1),
        new Column(0, "patient_id", 25, -1), new Column(0, "content", 3802, -1),
        new Column(0, "last_updated", 1184, -1))));
    assembler.accept(new Relation(OTHER, "public", "fhir_resource_history", 'd', List.of(
        new Column(0, "res_type", 25, -1))));
  }

  @Test
  void insertUpdateAndDeleteInOneTransaction() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    assertTrue(assembler.inTransaction());
    assertEquals(Optional.empty(), assembler.accept(new Insert(TABLE, row("1", V1))));
    assembler.accept(new Insert(OTHER, tuple(new Text("Observation"))));
    assembler.accept(new Update(TABLE, 'O', row("1", V1), row("2", V2)));
    assembler.accept(new Delete(TABLE, 'O', row("2", V2)));
    SourceTransaction transaction = assembler.accept(new Commit(0, COMMIT, COMMIT + 48, COMMIT_MICROS)).orElseThrow();
    assertFalse(assembler.inTransaction());

    long millis = 1_767_323_045_678L;
    assertEquals(new SourceTransaction("0/16B3748", COMMIT, millis, List.of(
        new RecordChange(Operation.CREATE, "Observation", "o-1", 1, V1, "0/16B3748:0", millis),
        new RecordChange(Operation.UPDATE, "Observation", "o-1", 2, V2, "0/16B3748:1", millis),
        new RecordChange(Operation.DELETE, "Observation", "o-1", 2, V2, "0/16B3748:2", millis))), transaction);
  }

  @Test
  void unchangedToastContentComesFromTheOldRow() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    TupleData newRow = tuple(new Text("Observation"), new Text("o-1"), new Text("3"), new Text("p-1"),
        new UnchangedToast(), new Text("2026-01-02 03:04:05+00"));
    assembler.accept(new Update(TABLE, 'O', row("2", V2), newRow));
    RecordChange change = commit().changes().get(0);
    assertEquals(3, change.version());
    assertEquals(V2, change.content());
  }

  @Test
  void unchangedToastWithoutAnOldRowCannotBeCaptured() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    TupleData newRow = tuple(new Text("Observation"), new Text("o-1"), new Text("3"), new Text("p-1"),
        new UnchangedToast(), new Text("2026-01-02 03:04:05+00"));
    CaptureException e = assertThrows(CaptureException.class,
        () -> assembler.accept(new Update(TABLE, (char) 0, null, newRow)));
    assertTrue(e.getMessage().contains("REPLICA IDENTITY FULL"), e.getMessage());
  }

  @Test
  void deleteWithOnlyTheKeyCannotBeCaptured() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    CaptureException e = assertThrows(CaptureException.class,
        () -> assembler.accept(new Delete(TABLE, 'K', tuple(new Text("Observation"), new Text("o-1")))));
    assertTrue(e.getMessage().contains("REPLICA IDENTITY FULL"), e.getMessage());
  }

  @Test
  void nullContentCannotBeCaptured() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    TupleData newRow = tuple(new Text("Observation"), new Text("o-1"), new Text("1"), new Text("p-1"),
        new NullValue(), new NullValue());
    CaptureException e = assertThrows(CaptureException.class, () -> assembler.accept(new Insert(TABLE, newRow)));
    assertEquals("CREATE on fhir_resource at 0/16B3748: content is null", e.getMessage());
  }

  @Test
  void transactionsOfOtherTablesGiveNothing() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    assembler.accept(new Insert(OTHER, tuple(new Text("Observation"))));
    assertEquals(Optional.empty(), assembler.accept(new Commit(0, COMMIT, COMMIT + 48, COMMIT_MICROS)));
    assembler.accept(new Begin(COMMIT + 100, COMMIT_MICROS, 701));
    assertEquals(Optional.empty(), assembler.accept(new Commit(0, COMMIT + 100, COMMIT + 148, COMMIT_MICROS)));
  }

  @Test
  void truncateOfTheTableStopsCapture() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    assembler.accept(new Truncate(0, List.of(OTHER)));
    CaptureException e = assertThrows(CaptureException.class,
        () -> assembler.accept(new Truncate(0, List.of(OTHER, TABLE))));
    assertEquals("TRUNCATE of fhir_resource at 0/16B3748: rows removed without row events; run the audit",
        e.getMessage());
  }

  @Test
  void tablesOfTheSameNameInOtherSchemasAreNotCaptured() throws CaptureException {
    assembler.accept(new Relation(OTHER, "archive", "fhir_resource", 'f', List.of()));
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    assembler.accept(new Insert(OTHER, tuple()));
    assertEquals(Optional.empty(), assembler.accept(new Commit(0, COMMIT, COMMIT + 48, COMMIT_MICROS)));
  }

  @Test
  void messagesOutOfProtocolOrderAreRefused() throws CaptureException {
    assertThrows(CaptureException.class, () -> assembler.accept(new Insert(TABLE, row("1", V1))));
    assertThrows(CaptureException.class, () -> assembler.accept(new Commit(0, COMMIT, COMMIT + 48, 0)));
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    assertThrows(CaptureException.class, () -> assembler.accept(new Begin(COMMIT + 100, COMMIT_MICROS, 701)));
    assertThrows(CaptureException.class, () -> assembler.accept(new Insert(99, row("1", V1))));
    assertThrows(CaptureException.class, () -> assembler.accept(new Commit(0, COMMIT + 8, COMMIT + 48, 0)));
  }

  @Test
  void messagesNameLsnsNeverRowIdsOrContent() throws CaptureException {
    assembler.accept(new Begin(COMMIT, COMMIT_MICROS, 700));
    TupleData newRow = tuple(new Text("Observation"), new Text("o-secret-id"), new Text("x"), new Text("p-1"),
        new Text(V1), new NullValue());
    CaptureException e = assertThrows(CaptureException.class, () -> assembler.accept(new Insert(TABLE, newRow)));
    assertFalse(e.getMessage().contains("o-secret-id") || e.getMessage().contains("preliminary"), e.getMessage());
  }

  private SourceTransaction commit() throws CaptureException {
    return assembler.accept(new Commit(0, COMMIT, COMMIT + 48, COMMIT_MICROS)).orElseThrow();
  }

  private static TupleData row(String version, String content) {
    return tuple(new Text("Observation"), new Text("o-1"), new Text(version), new Text("p-1"), new Text(content),
        new Text("2026-01-02 03:04:05+00"));
  }

  private static TupleData tuple(Value... values) {
    return new TupleData(List.of(values));
  }
}

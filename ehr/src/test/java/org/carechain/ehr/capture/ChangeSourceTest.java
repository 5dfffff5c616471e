package org.carechain.ehr.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.carechain.ehr.capture.FhirRows.Expected;
import org.carechain.ehr.record.RecordChange;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeSourceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern SOURCE_POSITION = Pattern.compile("[0-9A-Za-z/:._-]{1,64}");

  private TestDatabase database;
  private CaptureSettings settings;
  private final List<ChangeSource> sources = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    database = TestDatabase.create();
    database.applySchema();
    database.execute("CREATE TABLE audit_note (id bigserial PRIMARY KEY, note text NOT NULL)");
    settings = database.settings("stream");
    new CaptureSetup(settings).ensure(true);
  }

  @AfterEach
  void tearDown() throws SQLException {
    sources.forEach(ChangeSource::close);
    database.close();
  }

  @Test
  void capturesEveryChangeWithItsVersionContentAndPosition() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    ChangeSource source = open();
    List<List<Expected>> expected = new ArrayList<>();
    List<long[]> windows = new ArrayList<>();
    Map<String, Integer> live = new LinkedHashMap<>();
    int next = 0;
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      for (int t = 0; t < 15; t++) {
        long before = System.currentTimeMillis();
        List<Expected> changes = new ArrayList<>();
        int operations = random.nextInt(5);
        for (int o = 0; o < operations; o++) {
          int choice = live.isEmpty() ? 0 : random.nextInt(5);
          if (choice == 0) {
            String id = "obs-" + next++;
            live.put(id, 1);
            changes.add(FhirRows.insert(connection, "Observation", id, "pat-7",
                FhirRows.observation(id, "pat-7", "preliminary", 40 + random.nextInt(800) / 10.0)));
          } else {
            String id = new ArrayList<>(live.keySet()).get(random.nextInt(live.size()));
            if (choice == 4) {
              live.remove(id);
              changes.add(FhirRows.delete(connection, "Observation", id));
            } else if (choice == 3) {
              changes.add(FhirRows.bumpVersion(connection, "Observation", id));
            } else {
              changes.add(FhirRows.update(connection, "Observation", id,
                  FhirRows.observation(id, "pat-7", "final", 40 + random.nextInt(800) / 10.0)));
            }
          }
        }
        if (random.nextInt(3) == 0) {
          note(connection, "reviewed");
        }
        connection.commit();
        if (!changes.isEmpty()) {
          expected.add(changes);
          windows.add(new long[] {before, System.currentTimeMillis()});
        }
      }
    }

    List<SourceTransaction> polled = poll(source, expected.size(), context);
    assertEquals(Optional.empty(), source.poll(Duration.ofMillis(500)), context + ": a transaction too many");
    Set<String> positions = new HashSet<>();
    long previousLsn = -1;
    for (int t = 0; t < polled.size(); t++) {
      SourceTransaction transaction = polled.get(t);
      String where = context + ", transaction " + t;
      assertEquals(expected.get(t), transaction.changes().stream().map(Expected::of).toList(), where);
      assertTrue(transaction.commitLsnValue() > previousLsn, where + ": commit LSNs must grow");
      previousLsn = transaction.commitLsnValue();
      assertTrue(transaction.commitTimeMillis() >= windows.get(t)[0] - 1000
          && transaction.commitTimeMillis() <= windows.get(t)[1] + 1000, where + ": commit time implausible");
      for (int i = 0; i < transaction.changes().size(); i++) {
        RecordChange change = transaction.changes().get(i);
        assertEquals(transaction.commitLsn() + ":" + i, change.sourcePosition(), where);
        assertTrue(SOURCE_POSITION.matcher(change.sourcePosition()).matches(), change.sourcePosition());
        assertTrue(positions.add(change.sourcePosition()), where + ": position repeated");
        assertEquals(transaction.commitTimeMillis(), change.committedAtMillis(), where);
      }
    }
  }

  @Test
  void unchangedToastContentIsTakenFromTheOldRow() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    ChangeSource source = open();
    List<Expected> expected = new ArrayList<>();
    try (Connection connection = database.connect()) {
      String report = FhirRows.documentReference("doc-1", "pat-1", 6000, random);
      expected.add(FhirRows.insert(connection, "DocumentReference", "doc-1", "pat-1", report));
      expected.add(FhirRows.bumpVersion(connection, "DocumentReference", "doc-1"));
      expected.add(FhirRows.bumpVersion(connection, "DocumentReference", "doc-1"));
      expected.add(FhirRows.delete(connection, "DocumentReference", "doc-1"));
    }
    assertTrue(expected.get(0).content().length() > 8000);
    List<SourceTransaction> polled = poll(source, 4, "toast");
    for (int t = 0; t < 4; t++) {
      assertEquals(List.of(expected.get(t)), polled.get(t).changes().stream().map(Expected::of).toList(), "change " + t);
    }
    assertEquals(List.of(1, 2, 3, 3), polled.stream().map(tx -> tx.changes().get(0).version()).toList());
  }

  @Test
  void aMultiRowTransactionIsOneSourceTransaction() throws Exception {
    ChangeSource source = open();
    List<Expected> expected = new ArrayList<>();
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      expected.add(FhirRows.insert(connection, "Patient", "pat-1", "pat-1",
          FhirRows.patient("pat-1", "Okafor", "Ada", "1984-03-02")));
      note(connection, "admitted");
      expected.add(FhirRows.insert(connection, "Observation", "obs-1", "pat-1",
          FhirRows.observation("obs-1", "pat-1", "preliminary", 61.5)));
      expected.add(FhirRows.update(connection, "Observation", "obs-1",
          FhirRows.observation("obs-1", "pat-1", "final", 61.4)));
      expected.add(FhirRows.update(connection, "Patient", "pat-1",
          FhirRows.patient("pat-1", "Okafor-Smith", "Ada", "1984-03-02")));
      expected.add(FhirRows.delete(connection, "Observation", "obs-1"));
      connection.commit();
    }
    SourceTransaction transaction = poll(source, 1, "multi-row").get(0);
    assertEquals(expected, transaction.changes().stream().map(Expected::of).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(transaction.commitLsn() + ":" + i, transaction.changes().get(i).sourcePosition());
    }
    assertEquals(Lsns.parse(transaction.commitLsn()), transaction.commitLsnValue());
  }

  @Test
  void unconfirmedTransactionsComeAgainAfterACrashAndConfirmedOnesDoNot() throws Exception {
    ChangeSource first = open();
    try (Connection connection = database.connect()) {
      for (int t = 1; t <= 3; t++) {
        connection.setAutoCommit(false);
        FhirRows.insert(connection, "Patient", "pat-" + t, "pat-" + t,
            FhirRows.patient("pat-" + t, "Nguyen", "Linh " + t, "1990-01-0" + t));
        FhirRows.insert(connection, "Observation", "obs-" + t, "pat-" + t,
            FhirRows.observation("obs-" + t, "pat-" + t, "final", 70 + t));
        connection.commit();
      }
    }
    List<SourceTransaction> before = poll(first, 3, "before the crash");
    first.confirm(before.get(0).commitLsnValue());
    assertFalse(first.allConfirmed());
    first.close();

    ChangeSource second = open();
    List<SourceTransaction> after = poll(second, 2, "after the crash");
    assertEquals(before.subList(1, 3), after, "the unconfirmed transactions must come again, identical");
    assertEquals(before.get(0).commitLsnValue() + 1, second.startLsn());
    assertEquals(Optional.empty(), second.poll(Duration.ofSeconds(1)), "a confirmed transaction came again");

    second.confirm(after.get(1).commitLsnValue());
    assertTrue(second.allConfirmed());
    second.close();
    ChangeSource third = open();
    assertEquals(Optional.empty(), third.poll(Duration.ofSeconds(1)), "a confirmed transaction came again");
  }

  @Test
  void confirmNeverMovesBack() throws Exception {
    ChangeSource source = open();
    try (Connection connection = database.connect()) {
      FhirRows.insert(connection, "Patient", "pat-1", "pat-1", FhirRows.patient("pat-1", "Rossi", "Gia", "2001-05-05"));
      FhirRows.insert(connection, "Patient", "pat-2", "pat-2", FhirRows.patient("pat-2", "Rossi", "Leo", "2003-07-07"));
    }
    List<SourceTransaction> polled = poll(source, 2, "confirm");
    source.confirm(polled.get(1).commitLsnValue());
    source.confirm(polled.get(0).commitLsnValue());
    assertEquals(polled.get(1).commitLsnValue() + 1, source.acknowledgedLsn());
    assertEquals(Lsns.format(polled.get(1).commitLsnValue() + 1), slot().confirmedFlushLsn());
    assertThrows(IllegalArgumentException.class, () -> source.confirm(-1));
  }

  @Test
  void idleWalOfOtherTablesIsConfirmedOnceEverythingPolledIsConfirmed() throws Exception {
    ChangeSource source = open();
    try (Connection connection = database.connect()) {
      FhirRows.insert(connection, "Patient", "pat-1", "pat-1", FhirRows.patient("pat-1", "Haddad", "Omar", "1977-11-30"));
    }
    SourceTransaction polled = poll(source, 1, "idle").get(0);

    // Unconfirmed, the transaction holds the slot however much other WAL goes by.
    long otherWal = writeOtherTable();
    pollIdle(source, Duration.ofSeconds(2));
    assertTrue(Lsns.parse(slot().confirmedFlushLsn()) <= polled.commitLsnValue(),
        "the slot moved past a transaction the ledger has not confirmed");
    assertTrue(slot().lagBytes() >= otherWal - polled.commitLsnValue());

    source.confirm(polled.commitLsnValue());
    assertTrue(source.allConfirmed());
    long written = writeOtherTable();
    long lagBefore = slot().lagBytes();
    assertTrue(lagBefore > 1_000_000, "the other table's WAL should be retained before idling: " + lagBefore);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Lsns.parse(slot().confirmedFlushLsn()) < written) {
      if (System.nanoTime() - deadline > 0) {
        fail("idle polling did not confirm the other table's WAL; slot " + slot() + ", written up to "
            + Lsns.format(written));
      }
      pollIdle(source, settings.statusInterval());
    }
    try (Connection connection = database.connect()) {
      long lag = ChangeSource.lagBytes(connection, settings.slotName());
      // Only WAL written since (by anyone on this server) may still count as lag.
      long walSince = currentWal(connection) - written;
      assertTrue(lag <= walSince, "lag " + lag + " (was " + lagBefore + ") exceeds the " + walSince
          + " bytes of WAL written since the other table's");
    }
  }

  @Test
  void truncateStopsTheSourceAndComesAgainAfterReopening() throws Exception {
    ChangeSource source = open();
    try (Connection connection = database.connect()) {
      FhirRows.insert(connection, "Patient", "pat-1", "pat-1", FhirRows.patient("pat-1", "Kowalski", "Ewa", "1969-02-14"));
    }
    source.confirm(poll(source, 1, "truncate").get(0).commitLsnValue());
    database.execute("TRUNCATE fhir_resource");
    CaptureException e = assertThrows(CaptureException.class, () -> source.poll(WAIT));
    assertTrue(Pattern.matches("TRUNCATE of fhir_resource at [0-9A-F]+/[0-9A-F]+: rows removed without row events;"
        + " run the audit", e.getMessage()), e.getMessage());
    CaptureException again = assertThrows(CaptureException.class, () -> source.poll(Duration.ZERO));
    assertEquals(e.getMessage(), again.getMessage());
    source.close();

    // Nothing was confirmed past it, so it is not lost.
    ChangeSource reopened = open();
    CaptureException replayed = assertThrows(CaptureException.class, () -> reopened.poll(WAIT));
    assertEquals(e.getMessage(), replayed.getMessage());
  }

  @Test
  void openRefusesADatabaseThatIsNotReady() throws Exception {
    CaptureSettings noSlot = database.settings("absent");
    CaptureSetupException e = assertThrows(CaptureSetupException.class, () -> ChangeSource.open(noSlot));
    assertTrue(e.getMessage().contains("replication slot " + noSlot.slotName() + " does not exist"), e.getMessage());
    assertFalse(e.getMessage().contains(TestDatabase.PASSWORD));
  }

  @Test
  void slotStatusForOperators() throws Exception {
    try (Connection connection = database.connect()) {
      assertEquals(Optional.empty(), ChangeSource.slotStatus(connection, "no_such_slot"));
      assertThrows(SQLException.class, () -> ChangeSource.lagBytes(connection, "no_such_slot"));
      assertFalse(slot().active());
      ChangeSource source = open();
      assertTrue(slot().active());
      assertEquals(Lsns.format(source.startLsn()), slot().confirmedFlushLsn());
      assertTrue(slot().retainedBytes() >= slot().lagBytes());
    }
  }

  private ChangeSource open() throws Exception {
    ChangeSource source = ChangeSource.open(settings);
    sources.add(source);
    return source;
  }

  private SlotStatus slot() throws SQLException {
    try (Connection connection = database.connect()) {
      return ChangeSource.slotStatus(connection, settings.slotName()).orElseThrow();
    }
  }

  private static List<SourceTransaction> poll(ChangeSource source, int count, String context) throws CaptureException {
    List<SourceTransaction> polled = new ArrayList<>();
    while (polled.size() < count) {
      Optional<SourceTransaction> next = source.poll(WAIT);
      if (next.isEmpty()) {
        fail(context + ": transaction " + polled.size() + " of " + count + " did not come within " + WAIT);
      }
      polled.add(next.get());
    }
    return polled;
  }

  private static void pollIdle(ChangeSource source, Duration duration) throws CaptureException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      Optional<SourceTransaction> next = source.poll(Duration.ofMillis(100));
      assertEquals(Optional.empty(), next, "only other tables were written");
    }
  }

  /** About 2 MB of WAL in a table outside the publication; returns the WAL position after it. */
  private long writeOtherTable() throws SQLException {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO audit_note (note) SELECT repeat(md5(i::text), 16) FROM generate_series(1, 4000) i");
      return currentWal(connection);
    }
  }

  private static long currentWal(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rows.next();
      return Lsns.parse(rows.getString(1));
    }
  }

  private static void note(Connection connection, String text) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO audit_note (note) VALUES ('" + text + "')");
    }
  }
}

package org.carechain.ehr.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.carechain.ehr.capture.SetupProblem.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CaptureSetupTest {

  private TestDatabase database;
  private CaptureSettings settings;

  @BeforeEach
  void setUp() throws SQLException {
    database = TestDatabase.create();
    settings = database.settings("setup");
  }

  @AfterEach
  void tearDown() throws SQLException {
    database.close();
  }

  @Test
  void anEmptyDatabaseLacksTheTableThePublicationAndTheSlot() throws Exception {
    List<SetupProblem> problems = new CaptureSetup(settings).check();
    assertEquals(Set.of(Kind.TABLE_MISSING, Kind.PUBLICATION_MISSING, Kind.SLOT_MISSING), kinds(problems));
    problems.forEach(problem -> assertFalse(problem.fix().isBlank(), problem.kind().name()));
  }

  @Test
  void ensureCreatesNothingWhileTheTableIsMissing() throws Exception {
    CaptureSetupException e = assertThrows(CaptureSetupException.class, () -> new CaptureSetup(settings).ensure(true));
    assertTrue(kinds(e.problems()).contains(Kind.TABLE_MISSING));
    assertTrue(kinds(e.problems()).contains(Kind.PUBLICATION_MISSING));
    assertEquals(null, slotPlugin(), "a slot was created for a database that cannot be captured yet");
  }

  @Test
  void defaultReplicaIdentityIsFoundWithItsFix() throws Exception {
    database.applySchema();
    database.execute("ALTER TABLE fhir_resource REPLICA IDENTITY DEFAULT");
    SetupProblem problem = only(Kind.REPLICA_IDENTITY_NOT_FULL, new CaptureSetup(settings).check());
    assertTrue(problem.description().contains("DEFAULT"), problem.description());
    assertEquals("ALTER TABLE public.fhir_resource REPLICA IDENTITY FULL;", problem.fix());
  }

  @Test
  void aPublicationOfOtherTablesIsFoundAndEnsureAddsTheTable() throws Exception {
    database.applySchema();
    database.execute("CREATE PUBLICATION " + settings.publicationName() + " FOR TABLE fhir_resource_history");
    SetupProblem problem = only(Kind.PUBLICATION_MISSES_TABLE, new CaptureSetup(settings).check());
    assertTrue(problem.fix().startsWith("ALTER PUBLICATION capture_setup ADD TABLE public.fhir_resource;"));

    new CaptureSetup(settings).ensure(true);
    assertEquals(List.of(), new CaptureSetup(settings).check());
  }

  @Test
  void aPublicationWithoutDeletesIsFoundAndNotChanged() throws Exception {
    database.applySchema();
    database.execute("CREATE PUBLICATION " + settings.publicationName()
        + " FOR TABLE fhir_resource WITH (publish = 'insert, update')");
    CaptureSetupException e = assertThrows(CaptureSetupException.class, () -> new CaptureSetup(settings).ensure(true));
    assertEquals(Set.of(Kind.PUBLICATION_MISSES_ACTIONS, Kind.SLOT_MISSING), kinds(e.problems()));
    assertTrue(e.getMessage().contains("SET (publish = 'insert, update, delete, truncate')"), e.getMessage());
  }

  @Test
  void aSlotOfAnotherPluginIsFound() throws Exception {
    database.applySchema();
    database.execute("CREATE PUBLICATION " + settings.publicationName() + " FOR TABLE fhir_resource");
    database.execute("SELECT pg_create_logical_replication_slot('" + settings.slotName() + "', 'test_decoding')");
    SetupProblem problem = only(Kind.SLOT_WRONG_PLUGIN, new CaptureSetup(settings).check());
    assertTrue(problem.description().contains("'test_decoding'"), problem.description());
    assertTrue(problem.fix().contains("pg_drop_replication_slot('" + settings.slotName() + "')"), problem.fix());
    // ensure(true) must not drop a slot that something else may be reading.
    assertThrows(CaptureSetupException.class, () -> new CaptureSetup(settings).ensure(true));
    assertEquals("test_decoding", slotPlugin());
  }

  @Test
  void ensureListsEveryProblemThenCreatesThePublicationAndTheSlot() throws Exception {
    database.applySchema();
    CaptureSetupException e = assertThrows(CaptureSetupException.class, () -> new CaptureSetup(settings).ensure(false));
    assertEquals(Set.of(Kind.PUBLICATION_MISSING, Kind.SLOT_MISSING), kinds(e.problems()));
    assertTrue(e.getMessage().contains("2 problems"), e.getMessage());
    assertTrue(e.getMessage().contains("CREATE PUBLICATION capture_setup FOR TABLE public.fhir_resource;"));
    assertTrue(e.getMessage().contains("pg_create_logical_replication_slot('" + settings.slotName() + "', 'pgoutput')"));
    assertFalse(e.getMessage().contains(TestDatabase.PASSWORD), "the message shows the password");
    assertEquals(null, slotPlugin(), "ensure(false) created the slot");

    new CaptureSetup(settings).ensure(true);
    assertEquals(List.of(), new CaptureSetup(settings).check());
    assertEquals("pgoutput", slotPlugin());
    new CaptureSetup(settings).ensure(false);
  }

  @Test
  void aSlotOfAnotherDatabaseIsFound() throws Exception {
    database.applySchema();
    try (TestDatabase other = TestDatabase.create()) {
      CaptureSettings elsewhere = new CaptureSettings(settings.host(), settings.port(), other.name, settings.user(),
          settings.password(), other.slot("setup"), settings.publicationName(), settings.table(),
          settings.statusInterval());
      other.applySchema();
      new CaptureSetup(elsewhere).ensure(true);
      CaptureSettings sameSlot = new CaptureSettings(settings.host(), settings.port(), settings.database(),
          settings.user(), settings.password(), elsewhere.slotName(), settings.publicationName(), settings.table(),
          settings.statusInterval());
      database.execute("CREATE PUBLICATION " + settings.publicationName() + " FOR TABLE fhir_resource");
      SetupProblem problem = only(Kind.SLOT_OTHER_DATABASE, new CaptureSetup(sameSlot).check());
      assertTrue(problem.description().contains(other.name), problem.description());
    }
  }

  // The server here runs with wal_level=logical and free slots, so the problems it cannot have
  // are judged from facts built by hand.

  @Test
  void walLevelNotLogicalSaysHowToSetIt() {
    SetupProblem problem = only(Kind.WAL_LEVEL_NOT_LOGICAL, CaptureSetup.problems(settings, facts("replica", 0, 0, true)));
    assertTrue(problem.description().contains("'replica'"), problem.description());
    assertTrue(problem.fix().contains("ALTER SYSTEM SET wal_level = logical;"), problem.fix());
    assertTrue(problem.fix().contains("restart PostgreSQL"), problem.fix());
  }

  @Test
  void noFreeSlotMattersOnlyWhenTheSlotIsStillToBeCreated() {
    SetupProblem problem = only(Kind.NO_FREE_REPLICATION_SLOTS, CaptureSetup.problems(settings, facts("logical", 10, 0, false)));
    assertTrue(problem.fix().contains("max_replication_slots"), problem.fix());
    assertEquals(List.of(), CaptureSetup.problems(settings, facts("logical", 10, 0, true)));
  }

  @Test
  void noFreeWalSenderIsFound() {
    SetupProblem problem = only(Kind.NO_FREE_WAL_SENDERS, CaptureSetup.problems(settings, facts("logical", 1, 10, true)));
    assertTrue(problem.fix().contains("max_wal_senders"), problem.fix());
  }

  @Test
  void settingsNeverShowThePassword() {
    assertFalse(settings.toString().contains(TestDatabase.PASSWORD), settings.toString());
    assertTrue(settings.toString().contains("password ***"), settings.toString());
    assertEquals("public.fhir_resource", CaptureSettings.of("h", 1, "d", "u", null, "s", "p").table());
    assertEquals("public.t", CaptureSettings.of("h", 1, "d", "u", null, "s", "p").withTable("t").table());
    assertThrows(IllegalArgumentException.class, () -> CaptureSettings.of("h", 1, "d", "u", null, "Bad-Slot", "p"));
    assertThrows(IllegalArgumentException.class, () -> CaptureSettings.of("h", 1, "d", "u", null, "s", "p; DROP"));
    assertThrows(IllegalArgumentException.class,
        () -> CaptureSettings.of("h", 1, "d", "u", null, "s", "p").withTable("a.b.c"));
  }

  private SetupFacts facts(String walLevel, int usedSlots, int usedSenders, boolean slotExists) {
    return new SetupFacts(database.name, walLevel, true, 10, usedSlots, 10, usedSenders, true, 'f', true, true, true,
        slotExists, slotExists ? "pgoutput" : null, slotExists ? database.name : null);
  }

  private String slotPlugin() throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT plugin FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, settings.slotName());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static SetupProblem only(Kind kind, List<SetupProblem> problems) {
    List<SetupProblem> found = problems.stream().filter(problem -> problem.kind() == kind).toList();
    assertEquals(1, found.size(), kind + " in " + problems);
    assertFalse(found.get(0).fix().isBlank());
    return found.get(0);
  }

  private static Set<Kind> kinds(List<SetupProblem> problems) {
    return problems.stream().map(SetupProblem::kind).collect(Collectors.toSet());
  }
}

package org.carechain.ehr.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.carechain.ehr.capture.SetupProblem.Kind;

/**
 * Start-up checks of the database side of change capture: {@code wal_level}, free slots and WAL
 * senders, the table and its replica identity, the publication and the replication slot. Each
 * problem comes with its fix.
 */
public final class CaptureSetup {

  /** The output plugin the capture decodes. */
  public static final String PLUGIN = "pgoutput";

  private static final System.Logger LOG = System.getLogger(CaptureSetup.class.getName());

  private final CaptureSettings settings;

  public CaptureSetup(CaptureSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Reads the server's state and lists what keeps capture from starting; empty when ready. */
  public List<SetupProblem> check() throws SQLException {
    try (Connection connection = connect()) {
      return problems(settings, facts(connection));
    }
  }

  /**
   * Makes sure capture can start. With {@code create}, and when nothing else is wrong, first
   * creates a missing publication (for the table alone) or adds the table to it, then creates a
   * missing {@value #PLUGIN} slot: the publication comes first so that the slot's decoding sees
   * it. While anything else is wrong it creates nothing, since a slot nobody can read yet would
   * only keep WAL.
   *
   * @throws CaptureSetupException listing every problem left, with its fix
   */
  public void ensure(boolean create) throws CaptureSetupException, SQLException {
    try (Connection connection = connect()) {
      List<SetupProblem> problems = problems(settings, facts(connection));
      if (create && !problems.isEmpty() && problems.stream().allMatch(problem -> problem.kind().creatable())) {
        create(connection, problems);
        problems = problems(settings, facts(connection));
      }
      if (!problems.isEmpty()) {
        throw new CaptureSetupException(settings.describe(), problems);
      }
    }
  }

  /** Judges the facts: pure, so each problem can be tested apart from a server that has it. */
  public static List<SetupProblem> problems(CaptureSettings settings, SetupFacts facts) {
    List<SetupProblem> problems = new ArrayList<>();
    String table = settings.table();
    String publication = settings.publicationName();
    String slot = settings.slotName();
    if (!"logical".equals(facts.walLevel())) {
      problems.add(new SetupProblem(Kind.WAL_LEVEL_NOT_LOGICAL,
          "wal_level is '" + facts.walLevel() + "', but logical decoding needs 'logical'.",
          "as a superuser run ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL."));
    }
    if (!facts.mayReplicate()) {
      problems.add(new SetupProblem(Kind.NO_REPLICATION_PRIVILEGE,
          "user " + settings.user() + " may not open replication connections.",
          "ALTER ROLE " + settings.user() + " REPLICATION; (and allow it replication in pg_hba.conf)."));
    }
    if (!facts.slotExists() && facts.usedReplicationSlots() >= facts.maxReplicationSlots()) {
      problems.add(new SetupProblem(Kind.NO_FREE_REPLICATION_SLOTS,
          "all " + facts.maxReplicationSlots() + " replication slots (max_replication_slots) are in use.",
          "drop an unused slot with SELECT pg_drop_replication_slot('<name>'); or raise max_replication_slots"
              + " (ALTER SYSTEM SET max_replication_slots = <n>;) and restart PostgreSQL."));
    }
    if (facts.usedWalSenders() >= facts.maxWalSenders()) {
      problems.add(new SetupProblem(Kind.NO_FREE_WAL_SENDERS,
          "all " + facts.maxWalSenders() + " WAL senders (max_wal_senders) are busy.",
          "stop an unused replication client or raise max_wal_senders (ALTER SYSTEM SET max_wal_senders = <n>;)"
              + " and restart PostgreSQL."));
    }
    if (!facts.tableExists()) {
      problems.add(new SetupProblem(Kind.TABLE_MISSING,
          "table " + table + " does not exist in database " + facts.database() + ".",
          "create it (apply the provider schema, org/carechain/ehr/db/schema.sql) or set the right table."));
    } else if (facts.replicaIdentity() != 'f') {
      problems.add(new SetupProblem(Kind.REPLICA_IDENTITY_NOT_FULL,
          "table " + table + " has replica identity " + identityName(facts.replicaIdentity())
              + ", so updates and deletes do not carry the whole old row.",
          "ALTER TABLE " + table + " REPLICA IDENTITY FULL;"));
    }
    if (!facts.publicationExists()) {
      problems.add(new SetupProblem(Kind.PUBLICATION_MISSING,
          "publication " + publication + " does not exist.",
          "CREATE PUBLICATION " + publication + " FOR TABLE " + table + "; (or ensure(true) creates it)."));
    } else {
      if (!facts.publicationCoversTable()) {
        problems.add(new SetupProblem(Kind.PUBLICATION_MISSES_TABLE,
            "publication " + publication + " does not cover table " + table + ".",
            "ALTER PUBLICATION " + publication + " ADD TABLE " + table + "; (or ensure(true) adds it)."));
      }
      if (!facts.publishesAll()) {
        problems.add(new SetupProblem(Kind.PUBLICATION_MISSES_ACTIONS,
            "publication " + publication + " does not publish all of insert, update, delete and truncate.",
            "ALTER PUBLICATION " + publication + " SET (publish = 'insert, update, delete, truncate');"));
      }
    }
    if (!facts.slotExists()) {
      problems.add(new SetupProblem(Kind.SLOT_MISSING,
          "replication slot " + slot + " does not exist.",
          "SELECT pg_create_logical_replication_slot('" + slot + "', '" + PLUGIN
              + "'); after creating the publication (or ensure(true) creates both)."));
    } else if (!PLUGIN.equals(facts.slotPlugin())) {
      problems.add(new SetupProblem(Kind.SLOT_WRONG_PLUGIN,
          "replication slot " + slot + " uses plugin " + (facts.slotPlugin() == null ? "none (physical slot)"
              : "'" + facts.slotPlugin() + "'") + ", not '" + PLUGIN + "'.",
          "if nothing else reads it, SELECT pg_drop_replication_slot('" + slot + "'); and let ensure(true)"
              + " create it again, or choose another slot name."));
    } else if (!facts.database().equals(facts.slotDatabase())) {
      problems.add(new SetupProblem(Kind.SLOT_OTHER_DATABASE,
          "replication slot " + slot + " belongs to database " + facts.slotDatabase() + ", not "
              + facts.database() + ".",
          "choose another slot name for this database."));
    }
    return problems;
  }

  /** Reads the facts over an ordinary connection to the captured database. */
  public static SetupFacts facts(Connection connection, CaptureSettings settings) throws SQLException {
    String database = text(connection, "SELECT current_database()");
    String walLevel = text(connection, "SELECT current_setting('wal_level')");
    boolean mayReplicate = "true".equals(text(connection,
        "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user"));
    int maxSlots = Integer.parseInt(text(connection, "SELECT current_setting('max_replication_slots')"));
    int usedSlots = Integer.parseInt(text(connection, "SELECT count(*) FROM pg_replication_slots"));
    int maxSenders = Integer.parseInt(text(connection, "SELECT current_setting('max_wal_senders')"));
    int usedSenders = Integer.parseInt(text(connection,
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'"));
    String identity = first(connection, "SELECT c.relreplident::text FROM pg_class c JOIN pg_namespace n"
        + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')",
        settings.tableSchema(), settings.tableName());
    String publishes = first(connection, "SELECT (pubinsert AND pubupdate AND pubdelete AND pubtruncate)::text"
        + " FROM pg_publication WHERE pubname = ?", settings.publicationName());
    boolean covers = first(connection, "SELECT 'yes' FROM pg_publication_tables WHERE pubname = ?"
        + " AND schemaname = ? AND tablename = ?", settings.publicationName(), settings.tableSchema(),
        settings.tableName()) != null;
    String slotPlugin = null;
    String slotDatabase = null;
    boolean slotExists = false;
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT plugin, database FROM pg_replication_slots WHERE slot_name = ?")) {
      statement.setString(1, settings.slotName());
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next()) {
          slotExists = true;
          slotPlugin = rows.getString(1);
          slotDatabase = rows.getString(2);
        }
      }
    }
    return new SetupFacts(database, walLevel, mayReplicate, maxSlots, usedSlots, maxSenders, usedSenders,
        identity != null, identity == null ? 0 : identity.charAt(0), publishes != null, covers,
        "true".equals(publishes), slotExists, slotPlugin, slotDatabase);
  }

  private SetupFacts facts(Connection connection) throws SQLException {
    return facts(connection, settings);
  }

  private void create(Connection connection, List<SetupProblem> problems) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (has(problems, Kind.PUBLICATION_MISSING)) {
        statement.execute("CREATE PUBLICATION " + settings.publicationName() + " FOR TABLE " + settings.table());
        LOG.log(System.Logger.Level.INFO, "created publication {0} for table {1}", settings.publicationName(),
            settings.table());
      } else if (has(problems, Kind.PUBLICATION_MISSES_TABLE)) {
        statement.execute("ALTER PUBLICATION " + settings.publicationName() + " ADD TABLE " + settings.table());
        LOG.log(System.Logger.Level.INFO, "added table {0} to publication {1}", settings.table(),
            settings.publicationName());
      }
    }
    if (has(problems, Kind.SLOT_MISSING)) {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT lsn FROM pg_create_logical_replication_slot(?, '" + PLUGIN + "')")) {
        statement.setString(1, settings.slotName());
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          LOG.log(System.Logger.Level.INFO, "created replication slot {0} ({1}) at {2}", settings.slotName(), PLUGIN,
              rows.getString(1));
        }
      }
    }
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.connectionProperties());
    connection.setAutoCommit(true);
    return connection;
  }

  private static boolean has(List<SetupProblem> problems, Kind kind) {
    return problems.stream().anyMatch(problem -> problem.kind() == kind);
  }

  private static String identityName(char code) {
    return switch (code) {
      case 'd' -> "DEFAULT (primary key only)";
      case 'n' -> "NOTHING";
      case 'i' -> "USING INDEX (index columns only)";
      default -> "'" + code + "'";
    };
  }

  private static String text(Connection connection, String sql) throws SQLException {
    String value = first(connection, sql);
    if (value == null) {
      throw new SQLException("no answer to a setup query");
    }
    return value;
  }

  private static String first(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }
}

package org.carechain.ehr.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A uniquely named database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust), for
 * one test. {@link #close()} drops its replication slots first (a forgotten slot keeps WAL
 * forever), then the database.
 */
final class TestDatabase implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final int PORT = 5432;
  static final String USER = "postgres";
  /** Trust authentication ignores it; tests check that no message shows it. */
  static final String PASSWORD = "not-a-real-password-7f3a";

  final String name;
  /** Drops the slots and database if the JVM is stopped (say, Ctrl-C) before {@link #close()}. */
  private final Thread onExit;

  private TestDatabase(String name) {
    this.name = name;
    this.onExit = new Thread(() -> {
      try {
        dropAll();
      } catch (SQLException e) {
        System.err.println("could not drop test database " + name + ": " + e.getMessage());
      }
    }, "drop-" + name);
  }

  static TestDatabase create() throws SQLException {
    byte[] suffix = new byte[5];
    ThreadLocalRandom.current().nextBytes(suffix);
    TestDatabase database = new TestDatabase("ehr_capture_test_" + HexFormat.of().formatHex(suffix));
    try (Connection admin = admin(); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database.name);
    }
    Runtime.getRuntime().addShutdownHook(database.onExit);
    return database;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, USER, PASSWORD);
  }

  /** Applies the provider schema, read from its resource as the application ships it. */
  void applySchema() throws SQLException, IOException {
    String sql;
    try (InputStream in = TestDatabase.class.getResourceAsStream("/org/carechain/ehr/db/schema.sql")) {
      if (in == null) {
        throw new IOException("schema.sql resource is missing");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    execute(sql);
  }

  void execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A slot name unique to this database, so that cleanup finds it. */
  String slot(String purpose) {
    return name + "_" + purpose;
  }

  CaptureSettings settings(String purpose) {
    return new CaptureSettings(HOST, PORT, name, USER, PASSWORD, slot(purpose), "capture_" + purpose,
        CaptureSettings.DEFAULT_TABLE, Duration.ofMillis(200));
  }

  @Override
  public void close() throws SQLException {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it drops the same things, and dropping twice is harmless.
    }
    dropAll();
  }

  private void dropAll() throws SQLException {
    List<SQLException> failures = new ArrayList<>();
    try (Connection admin = admin()) {
      for (String slot : slots(admin)) {
        try {
          dropSlot(admin, slot);
        } catch (SQLException e) {
          failures.add(e);
        }
      }
      try (Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      SQLException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private List<String> slots(Connection admin) throws SQLException {
    List<String> slots = new ArrayList<>();
    try (PreparedStatement statement = admin.prepareStatement(
        "SELECT slot_name FROM pg_replication_slots WHERE database = ? OR slot_name LIKE ?")) {
      statement.setString(1, name);
      statement.setString(2, name + "\\_%");
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          slots.add(rows.getString(1));
        }
      }
    }
    return slots;
  }

  /** Waits for the slot's walsender (this test's own) to let go, ends it if it will not, drops the slot. */
  private static void dropSlot(Connection admin, String slot) throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long giveUp = deadline + Duration.ofSeconds(10).toNanos();
    while (true) {
      if (System.nanoTime() - giveUp > 0) {
        throw new SQLException("replication slot " + slot + " stays active; drop it by hand");
      }
      Integer activePid = null;
      try (PreparedStatement statement = admin.prepareStatement(
          "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
        statement.setString(1, slot);
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            return;
          }
          activePid = (Integer) rows.getObject(1);
        }
      }
      if (activePid == null) {
        try (PreparedStatement statement = admin.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
          statement.setString(1, slot);
          statement.execute();
          return;
        } catch (SQLException e) {
          if (!"55006".equals(e.getSQLState()) || System.nanoTime() - deadline > 0) {
            throw e;
          }
        }
      } else if (System.nanoTime() - deadline > 0) {
        try (PreparedStatement statement = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
          statement.setInt(1, activePid);
          statement.execute();
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while dropping slot " + slot, e);
      }
    }
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, PASSWORD);
  }
}

package org.carechain.ehr.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A uniquely named, freshly created database on the test server ({@code CARECHAIN_DB_*}, by default
 * 127.0.0.1:5432 as postgres), dropped by {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {

  private final EhrDatabase database;

  private TestDatabase(EhrDatabase database) {
    this.database = database;
  }

  public static TestDatabase create() throws SQLException {
    String name = "ehr_core_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    EhrDatabase database = EhrDatabase.fromEnvironment(System.getenv(), name);
    if (!database.createIfMissing()) {
      throw new IllegalStateException(name + " existed already");
    }
    return new TestDatabase(database);
  }

  public EhrDatabase database() {
    return database;
  }

  public String name() {
    return database.database();
  }

  public Connection connect() throws SQLException {
    return database.connect();
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = database.withDatabase("postgres").connect();
        Statement drop = admin.createStatement()) {
      drop.execute("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    }
  }
}

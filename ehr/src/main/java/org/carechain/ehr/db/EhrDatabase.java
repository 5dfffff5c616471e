package org.carechain.ehr.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a provider's EHR database is: a PostgreSQL host, port, database name and login.
 *
 * @param password may be empty (trust authentication); never printed by {@link #toString()}
 */
public record EhrDatabase(String host, int port, String database, String user, String password) {

  /** The environment variables {@link #fromEnvironment} reads. */
  public static final String HOST = "CARECHAIN_DB_HOST";
  public static final String PORT = "CARECHAIN_DB_PORT";
  public static final String USER = "CARECHAIN_DB_USER";
  public static final String PASSWORD = "CARECHAIN_DB_PASSWORD";

  // Unquoted PostgreSQL identifiers, so the name can go into CREATE DATABASE as it is.
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public EhrDatabase {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (host.isBlank()) {
      throw new IllegalArgumentException("database host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("database port must be 1 to 65535, got " + port);
    }
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "database name must be 1 to 63 characters of [a-z0-9_], not starting with a digit, got \""
              + database + "\"");
    }
  }

  /**
   * The database {@code database} at the server that {@code environment} names, with defaults
   * 127.0.0.1, 5432, postgres and an empty password.
   *
   * @throws IllegalArgumentException if the port is not a number
   */
  public static EhrDatabase fromEnvironment(Map<String, String> environment, String database) {
    String port = environment.getOrDefault(PORT, "5432");
    try {
      return new EhrDatabase(environment.getOrDefault(HOST, "127.0.0.1"), Integer.parseInt(port.strip()),
          database, environment.getOrDefault(USER, "postgres"), environment.getOrDefault(PASSWORD, ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + " must be a port number, got \"" + port + "\"");
    }
  }

  /** The same server and login, another database. */
  public EhrDatabase withDatabase(String otherDatabase) {
    return new EhrDatabase(host, port, otherDatabase, user, password);
  }

  public String jdbcUrl() {
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + hostPart + ":" + port + "/" + database;
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "carechain-ehr");
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /**
   * Creates the database unless it exists, through the server's {@code postgres} database.
   *
   * @return whether it was created
   */
  public boolean createIfMissing() throws SQLException {
    try (Connection admin = withDatabase("postgres").connect()) {
      try (PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, database);
        try (ResultSet row = exists.executeQuery()) {
          if (row.next()) {
            return false;
          }
        }
      }
      try (Statement create = admin.createStatement()) {
        create.execute("CREATE DATABASE " + database);
        return true;
      } catch (SQLException e) {
        // Another process created it between the check and here.
        if ("42P04".equals(e.getSQLState())) {
          return false;
        }
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "EhrDatabase[" + user + "@" + host + ":" + port + "/" + database + "]";
  }
}

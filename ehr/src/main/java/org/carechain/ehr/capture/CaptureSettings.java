package org.carechain.ehr.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where and how to capture changes. {@link #toString()} never shows the password.
 *
 * @param table the captured table, {@code schema.name} or a bare name in {@code public}
 * @param statusInterval how often pgjdbc reports the confirmed position to PostgreSQL unasked
 */
public record CaptureSettings(
    String host,
    int port,
    String database,
    String user,
    String password,
    String slotName,
    String publicationName,
    String table,
    Duration statusInterval) {

  public static final String DEFAULT_TABLE = "public.fhir_resource";
  public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(10);

  // PostgreSQL's own rule for slot names; publications and tables are kept to plain identifiers
  // so that they can be written into SQL without quoting.
  private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public CaptureSettings {
    requireText(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
    }
    requireText(database, "database");
    requireText(user, "user");
    Objects.requireNonNull(slotName, "slotName");
    if (!SLOT.matcher(slotName).matches()) {
      throw new IllegalArgumentException("slot name must be 1 to 63 of [a-z0-9_], got '" + slotName + "'");
    }
    Objects.requireNonNull(publicationName, "publicationName");
    if (!IDENTIFIER.matcher(publicationName).matches()) {
      throw new IllegalArgumentException(
          "publication name must be a lower-case identifier [a-z_][a-z0-9_]*, got '" + publicationName + "'");
    }
    Objects.requireNonNull(table, "table");
    if (!table.contains(".")) {
      table = "public." + table;
    }
    String[] parts = table.split("\\.", -1);
    if (parts.length != 2 || !IDENTIFIER.matcher(parts[0]).matches() || !IDENTIFIER.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("table must be schema.name of lower-case identifiers, got '" + table + "'");
    }
    Objects.requireNonNull(statusInterval, "statusInterval");
    if (statusInterval.isNegative() || statusInterval.isZero()) {
      throw new IllegalArgumentException("status interval must be positive");
    }
  }

  /** Settings with the default table ({@value #DEFAULT_TABLE}) and status interval (10 s). */
  public static CaptureSettings of(String host, int port, String database, String user, String password,
      String slotName, String publicationName) {
    return new CaptureSettings(host, port, database, user, password, slotName, publicationName, DEFAULT_TABLE,
        DEFAULT_STATUS_INTERVAL);
  }

  public CaptureSettings withStatusInterval(Duration interval) {
    return new CaptureSettings(host, port, database, user, password, slotName, publicationName, table, interval);
  }

  public CaptureSettings withTable(String qualifiedTable) {
    return new CaptureSettings(host, port, database, user, password, slotName, publicationName, qualifiedTable,
        statusInterval);
  }

  /** The captured table's schema, e.g. {@code public}. */
  public String tableSchema() {
    return table.substring(0, table.indexOf('.'));
  }

  /** The captured table's name without its schema, e.g. {@code fhir_resource}. */
  public String tableName() {
    return table.substring(table.indexOf('.') + 1);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Properties of an ordinary connection: user and password. */
  public Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "carechain-capture");
    return properties;
  }

  /** Properties of a logical replication connection, as pgjdbc's replication API requires. */
  public Properties replicationProperties() {
    Properties properties = connectionProperties();
    properties.setProperty("replication", "database");
    properties.setProperty("preferQueryMode", "simple");
    properties.setProperty("assumeMinServerVersion", "10");
    return properties;
  }

  /** Where, for messages: user, host, port and database, never the password. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "CaptureSettings[" + describe() + ", slot " + slotName + ", publication " + publicationName + ", table "
        + table + ", status every " + statusInterval + (password == null ? "" : ", password ***") + "]";
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}

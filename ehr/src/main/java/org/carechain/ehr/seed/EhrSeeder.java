package org.carechain.ehr.seed;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.carechain.ehr.db.EhrSchema;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes a provider's synthetic population into its database with COPY, a few tens of thousands of
 * rows per transaction: every resource at version 1, its {@code patient_id} the local Patient id.
 */
public final class EhrSeeder {

  /** Rows per COPY, and so per transaction. */
  static final int ROWS_PER_TRANSACTION = 20_000;

  private static final String COPY = "COPY fhir_resource (res_type, res_id, res_ver, patient_id, content, last_updated)"
      + " FROM STDIN (FORMAT text)";

  private EhrSeeder() {}

  /** What a seeding wrote. */
  public record Result(String provider, int patients, long rows, Map<String, Long> rowsByType, int transactions) {
    public Result {
      rowsByType = Map.copyOf(rowsByType);
    }

    /** One plain sentence, such as "Wrote 130 resources of 10 patients for hospital1 (...)". */
    public String summary() {
      StringBuilder types = new StringBuilder();
      new TreeMap<>(rowsByType).forEach((type, count) -> types.append(types.isEmpty() ? "" : ", ")
          .append(count).append(' ').append(type));
      return "Wrote " + rows + " resources of " + patients + " patients for " + provider + " in " + transactions
          + (transactions == 1 ? " transaction" : " transactions") + " (" + types + ").";
    }
  }

  /**
   * Applies the schema, then writes the provider's first {@code patients} patients of
   * {@code population}.
   *
   * @throws IllegalStateException if {@code fhir_resource} already holds rows: seeding is for an
   *     empty database
   */
  public static Result seed(Connection connection, SyntheticPopulation population, String provider, int patients)
      throws SQLException {
    return seed(connection, population, provider, patients, ROWS_PER_TRANSACTION);
  }

  static Result seed(Connection connection, SyntheticPopulation population, String provider, int patients,
      int rowsPerTransaction) throws SQLException {
    Objects.requireNonNull(population, "population");
    EhrSchema.apply(connection);
    long existing = countRows(connection);
    if (existing > 0) {
      throw new IllegalStateException("the database already holds " + existing
          + " resources; seed an empty database");
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      Batch batch = new Batch(connection.unwrap(PGConnection.class), rowsPerTransaction);
      population.generate(provider, patients, batch::add);
      batch.flush();
      return new Result(provider, patients, batch.rows, batch.rowsByType, batch.transactions);
    } catch (UncheckedSqlException e) {
      connection.rollback();
      throw e.getCause();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static long countRows(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM fhir_resource")) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Collects COPY text rows and sends them, committing every {@code rowsPerTransaction}. */
  private static final class Batch {
    private final PGConnection connection;
    private final int rowsPerTransaction;
    private final StringBuilder text = new StringBuilder(1 << 20);
    private final Map<String, Long> rowsByType = new TreeMap<>();
    private int pending;
    private long rows;
    private int transactions;

    Batch(PGConnection connection, int rowsPerTransaction) {
      this.connection = connection;
      this.rowsPerTransaction = rowsPerTransaction;
    }

    void add(SyntheticResource resource) {
      appendField(resource.resourceType()).append('\t');
      appendField(resource.id()).append('\t');
      text.append(resource.version()).append('\t');
      appendField(resource.patientId()).append('\t');
      appendField(resource.json()).append('\t');
      text.append(Instant.ofEpochMilli(resource.lastUpdatedMillis())).append('\n');
      rowsByType.merge(resource.resourceType(), 1L, Long::sum);
      if (++pending == rowsPerTransaction) {
        try {
          flush();
        } catch (SQLException e) {
          throw new UncheckedSqlException(e);
        }
      }
    }

    void flush() throws SQLException {
      if (pending == 0) {
        return;
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      CopyIn copy = connection.getCopyAPI().copyIn(COPY);
      try {
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
      ((Connection) connection).commit();
      rows += pending;
      transactions++;
      pending = 0;
      text.setLength(0);
    }

    /** COPY's text format: backslash, tab, newline and carriage return are escaped. */
    private StringBuilder appendField(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> text.append("\\\\");
          case '\t' -> text.append("\\t");
          case '\n' -> text.append("\\n");
          case '\r' -> text.append("\\r");
          default -> text.append(c);
        }
      }
      return text;
    }
  }

  /** Carries a database failure out of the generator's callback. */
  private static final class UncheckedSqlException extends RuntimeException {
    UncheckedSqlException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}

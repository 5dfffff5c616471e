package org.carechain.ehr.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The sample provider database's schema ({@code schema.sql}), applied idempotently. */
public final class EhrSchema {

  private static final String RESOURCE = "schema.sql";

  private EhrSchema() {}

  /**
   * Creates the tables, trigger and function of {@code schema.sql} where they are missing, in one
   * transaction of its own; safe to call on a database that already has them.
   */
  public static void apply(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      // The script is sent whole: pgjdbc splits it at semicolons outside dollar quotes itself.
      statement.execute(script());
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The text of {@code schema.sql}. */
  public static String script() {
    try (InputStream in = EhrSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the ehr jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

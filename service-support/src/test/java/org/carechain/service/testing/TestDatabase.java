package org.carechain.service.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL that tests run against: 127.0.0.1:5432 as user postgres unless
 * CARECHAIN_DB_HOST, CARECHAIN_DB_PORT, CARECHAIN_DB_USER or CARECHAIN_DB_PASSWORD say otherwise.
 */
public final class TestDatabase {

    private TestDatabase() {}

    public static String host() {
        return env("CARECHAIN_DB_HOST", "127.0.0.1");
    }

    public static int port() {
        return Integer.parseInt(env("CARECHAIN_DB_PORT", "5432"));
    }

    public static String user() {
        return env("CARECHAIN_DB_USER", "postgres");
    }

    public static String password() {
        return env("CARECHAIN_DB_PASSWORD", "");
    }

    /** Creates the database if it does not exist yet, then drops every table in it. */
    /** A connection to {@code database} on the test server. */
    public static java.sql.Connection connect(String database) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/" + database, user(),
                password());
    }

    public static void recreate(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe database name");
        }
        String adminUrl = "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
        try (Connection admin = DriverManager.getConnection(adminUrl, user(), password())) {
            boolean exists;
            try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database);
                exists = query.executeQuery().next();
            }
            if (!exists) {
                try (Statement create = admin.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + host() + ":" + port()
                    + " (start it, or set CARECHAIN_DB_HOST/PORT/USER/PASSWORD): " + e.getMessage(), e);
        }
        String url = "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
        try (Connection connection = DriverManager.getConnection(url, user(), password());
                Statement reset = connection.createStatement()) {
            reset.execute("DROP SCHEMA public CASCADE");
            reset.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset test database " + database + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

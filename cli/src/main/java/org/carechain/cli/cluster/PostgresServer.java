package org.carechain.cli.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** The PostgreSQL server a cluster uses: checks that it is reachable and creates databases. */
public record PostgresServer(String host, int port, String user, String password) {

    public static PostgresServer fromEnvironment(Map<String, String> environment) {
        return new PostgresServer(
                environment.getOrDefault("CARECHAIN_DB_HOST", "127.0.0.1"),
                Integer.parseInt(environment.getOrDefault("CARECHAIN_DB_PORT", "5432")),
                environment.getOrDefault("CARECHAIN_DB_USER", "postgres"),
                environment.getOrDefault("CARECHAIN_DB_PASSWORD", ""));
    }

    /** Fails with a message that says how to fix it when the server cannot be reached. */
    public void checkReachable() {
        try (Connection ignored = connect("postgres")) {
            // reachable
        } catch (SQLException e) {
            throw new ClusterException("""
                    PostgreSQL is not reachable at %s:%d as user %s (%s).
                      CareChain keeps its state in PostgreSQL. Start it, for example:
                        pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                      or install it with: apt-get install -y postgresql
                      or point CareChain elsewhere with CARECHAIN_DB_HOST, CARECHAIN_DB_PORT,
                      CARECHAIN_DB_USER and CARECHAIN_DB_PASSWORD."""
                    .formatted(host, port, user, e.getMessage()), e);
        }
    }

    /** Creates the database unless it exists; returns whether it was created. */
    public boolean ensureDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe database name: " + name);
        }
        try (Connection admin = connect("postgres")) {
            try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, name);
                if (query.executeQuery().next()) {
                    return false;
                }
            }
            try (Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
            return true;
        } catch (SQLException e) {
            throw new ClusterException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database if it exists; used to give a test cluster a clean slate. */
    public void dropDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe database name: " + name);
        }
        try (Connection admin = connect("postgres"); Statement drop = admin.createStatement()) {
            // PostgreSQL keeps a database with logical replication slots (change capture's).
            dropReplicationSlots(admin, name);
            drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new ClusterException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops the inactive replication slots of a database: a slot nobody reads any more keeps the
     * server's WAL for ever.
     */
    public void dropReplicationSlots(String database) {
        try (Connection admin = connect("postgres")) {
            dropReplicationSlots(admin, database);
        } catch (SQLException e) {
            throw new ClusterException("cannot drop the replication slots of " + database + ": " + e.getMessage(), e);
        }
    }

    private static void dropReplicationSlots(Connection admin, String database) throws SQLException {
        try (PreparedStatement slots = admin.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                + "FROM pg_replication_slots WHERE database = ? AND NOT active")) {
            slots.setString(1, database);
            slots.execute();
        }
    }

    /**
     * Creates a provider's EHR database unless it exists, and applies the sample FHIR schema (which
     * is idempotent); returns whether the database was created.
     */
    public boolean ensureEhrDatabase(String name) {
        boolean created = ensureDatabase(name);
        try (Connection connection = connect(name)) {
            org.carechain.ehr.db.EhrSchema.apply(connection);
        } catch (SQLException e) {
            throw new ClusterException("cannot set up the EHR database " + name + ": " + e.getMessage(), e);
        }
        return created;
    }

    /** @throws ClusterException with the fix, unless the server can decode its log for change capture */
    public void requireLogicalDecoding() {
        try (Connection admin = connect("postgres"); Statement show = admin.createStatement()) {
            java.sql.ResultSet level = show.executeQuery("SHOW wal_level");
            level.next();
            if (!"logical".equals(level.getString(1))) {
                throw new ClusterException("PostgreSQL at " + host + ":" + port + " has wal_level=" + level.getString(1)
                        + "; change capture needs logical. Fix:\n  psql -h " + host + " -p " + port + " -U " + user
                        + " -c \"ALTER SYSTEM SET wal_level = logical\"\n  and restart PostgreSQL, e.g. "
                        + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart");
            }
        } catch (SQLException e) {
            throw new ClusterException("cannot read wal_level: " + e.getMessage(), e);
        }
    }

    /** A connection to one of the server's databases, for the demo and tests. */
    public Connection connectTo(String database) throws SQLException {
        return connect(database);
    }

    private Connection connect(String database) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
    }
}

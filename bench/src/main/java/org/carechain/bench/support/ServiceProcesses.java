package org.carechain.bench.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service processes a load driver starts: each from its built {@code quarkus-run.jar}, on
 * 127.0.0.1 and a port of its own, with its output in {@code <logDir>/<name>.log}, stopped in
 * reverse order by {@link #close}. Also the databases they use on the local PostgreSQL
 * (127.0.0.1:5432, user postgres, trust authentication; BUILD-NOTES.md).
 */
public final class ServiceProcesses implements AutoCloseable {

    /** One started service. */
    public record Service(String name, Process process, int port, Path log) {
        public long pid() {
            return process.pid();
        }
    }

    private final Path logDir;
    private final List<Service> services = new ArrayList<>();

    public ServiceProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /** Starts {@code jar} on a free port with {@code -D} {@code properties}; see {@link #launch(String, Path, List, Map, Map, int)}. */
    public Service launch(String name, Path jar, List<String> javaOptions, Map<String, String> properties) throws IOException {
        return launch(name, jar, javaOptions, properties, Map.of(), freePort());
    }

    /**
     * Starts {@code java <javaOptions> -Dquarkus.http.port=<port> -D<properties> -jar <jar>} with
     * {@code environment} added to this process's environment. Returns at once; see
     * {@link #awaitReady}. The command line (and the added environment) is the first line of the log.
     */
    public Service launch(String name, Path jar, List<String> javaOptions, Map<String, String> properties,
            Map<String, String> environment, int port) throws IOException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createDirectories(logDir).resolve(name + ".log");
        StringBuilder header = new StringBuilder();
        environment.forEach((key, value) -> header.append(key).append('=').append(value).append(' '));
        Files.writeString(log, header + String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Service service = new Service(name, builder.start(), port, log);
        services.add(service);
        return service;
    }

    /** The services started so far, in start order. */
    public List<Service> services() {
        return List.copyOf(services);
    }

    /**
     * Waits until the service answers 200 on {@code /q/health/ready}.
     *
     * @throws IllegalStateException if it exits or is not ready within {@code timeout}
     */
    public static void awaitReady(Service service, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + service.process().exitValue() + "; see "
                        + service.log());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(
                        "http://127.0.0.1:" + service.port() + "/q/health/ready").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                try {
                    if (connection.getResponseCode() == 200) {
                        return;
                    }
                } finally {
                    connection.disconnect();
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service.name() + " not ready within " + timeout.toSeconds() + " s; see " + service.log());
    }

    /** Stops the services in reverse start order: SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            Process process = services.get(i).process();
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
    }

    public static String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:5432/" + db;
    }

    public static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), "postgres", "");
    }

    /** Drops {@code db} if it exists (closing its connections) and creates it empty. */
    public static void recreateDatabase(String db) throws SQLException {
        dropDatabase(db);
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + db);
        }
    }

    /** Drops {@code db} if it exists, closing its connections. */
    public static void dropDatabase(String db) throws SQLException {
        if (!db.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe database name " + db);
        }
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

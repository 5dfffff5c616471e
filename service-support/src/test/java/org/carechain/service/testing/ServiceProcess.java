package org.carechain.service.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another CareChain service, really started: its {@code quarkus-run.jar} as a child process on a
 * free port, with the given system properties, writing to a log file. Tests of one service use it
 * for the services it calls, so every call crosses a real socket.
 */
public final class ServiceProcess {

    private final String name;
    private final int port;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * The built jar of a sibling module: {@code ../<module>/target/quarkus-app/quarkus-run.jar}, or
     * the path in the system property {@code carechain.test.<module>-jar}.
     */
    public static Path jar(String module) {
        Path jar = Path.of(System.getProperty("carechain.test." + module + "-jar",
                "../" + module + "/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing (build it with ./mvnw -pl "
                    + module + " -am package -DskipTests, or set -Dcarechain.test." + module + "-jar)");
        }
        return jar;
    }

    /** Starts the module's jar on a free port; {@code properties} become {@code -D} options. */
    public static ServiceProcess start(String module, Map<String, String> properties, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // A short-lived test node: quick JIT and one GC thread leave the cores to the service under test.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-Dmp.jwt.verify.publickey.location=" + TestTokens.publicKeyPem().toUri(),
                "-Dmp.jwt.verify.issuer=" + TestTokens.ISSUER));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar(module).toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServiceProcess(module, port, log, process);
    }

    public int port() {
        return port;
    }

    /** Everything the process wrote to stdout and stderr. */
    public Path log() {
        return log;
    }

    /** Waits until the service answers its readiness check. */
    public synchronized void awaitReady(Duration timeout) throws InterruptedException {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (ready()) {
                return;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Stops the process: politely, then by force. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

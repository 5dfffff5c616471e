package org.carechain.registration.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.escrow.EscrowKeyPair;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.service.testing.TestDatabase;
import org.carechain.service.testing.TestTokens;

/**
 * A real ledger-service, started from its quarkus-run.jar as a child process: one validator
 * hosting an {@code rbc} channel whose genesis lists this service's submitter key. Also gives the
 * service under test its registration keys. The jar is {@code ../ledger-service/target/quarkus-app/
 * quarkus-run.jar} unless the system property {@code carechain.test.ledger-jar} names another.
 */
public class RbcLedgerProcess implements QuarkusTestResourceLifecycleManager {

    public static final String CHAIN_ID = "carechain-rbc-test";
    public static final Ed25519PrivateKey VALIDATOR = key(0x11);
    public static final Ed25519PrivateKey SUBMITTER = key(0x22);
    public static final Ed25519PrivateKey CREDENTIAL_KEY = key(0x33);
    public static final byte[] COMMITMENT_KEY = HexFormat.of().parseHex("5a".repeat(32));
    public static final EscrowKeyPair ESCROW = EscrowKeyPair.generate(new SecureRandom());

    private static final String DATABASE = "carechain_registration_ledger_test";

    private static Path dir;
    private static int port;
    private static Process process;

    public static int port() {
        return port;
    }

    /** Everything the ledger process wrote to stdout and stderr. */
    public static Path log() {
        return dir.resolve("ledger.log");
    }

    /** Stops the ledger, to see how the service behaves without it. */
    public static synchronized void stopLedger() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("carechain-rbc-test");
            Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
            Genesis genesis = new Genesis(CHAIN_ID, Channel.RBC, 1_767_225_600_000L,
                    List.of(new Genesis.Member("solo", VALIDATOR.publicKey())),
                    List.of(new Genesis.Member("registration-service", SUBMITTER.publicKey())),
                    ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                    new Genesis.Timeouts(300, 200, 200, 200), 5_000, 8 * 1024 * 1024, ItemCatalog.of(Map.of()));
            Files.writeString(genesisDir.resolve("rbc.json"), GenesisJson.write(genesis));
            Path validatorKey = writeHex("validator.key", VALIDATOR.exportSeed());
            TestDatabase.recreate(DATABASE);
            port = freePort();
            startLedger(genesisDir, validatorKey);

            Map<String, String> config = new HashMap<>();
            config.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
            config.put("quarkus.grpc.clients.ledger.port", Integer.toString(port));
            config.put("quarkus.grpc.clients.ledger.test-port", Integer.toString(port));
            config.put("carechain.registration.submitter-key-file", writeHex("submitter.key", SUBMITTER.exportSeed()).toString());
            config.put("carechain.registration.credential-key-file",
                    writeHex("credential.key", CREDENTIAL_KEY.exportSeed()).toString());
            config.put("carechain.registration.commitment-key-file", writeHex("commitment.key", COMMITMENT_KEY).toString());
            config.put("carechain.registration.escrow-public-key",
                    HexFormat.of().formatHex(ESCROW.publicKey().toByteArray()));
            config.put("carechain.registration.ledger-timeout", "PT5S");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            stopLedger();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void startLedger(Path genesisDir, Path validatorKey) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("carechain.test.ledger-jar",
                "../ledger-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ledger-service is not built: " + jar + " is missing (build it with "
                    + "./mvnw -pl ledger-service -am package -DskipTests, or set -Dcarechain.test.ledger-jar)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // A short-lived test node: quick JIT and one GC thread leave the cores to the service under test.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-Dcarechain.database=" + DATABASE,
                "-Dcarechain.ledger.genesis-dir=" + genesisDir,
                "-Dcarechain.ledger.node-id=solo",
                "-Dcarechain.ledger.validator-key-file=" + validatorKey,
                "-Dmp.jwt.verify.publickey.location=" + TestTokens.publicKeyPem().toUri(),
                "-Dmp.jwt.verify.issuer=" + TestTokens.ISSUER,
                "-jar", jar.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
    }

    /**
     * Waits until the ledger answers its readiness check. The ledger boots while Quarkus boots the
     * service under test; tests that use it call this first.
     */
    public static synchronized void awaitReady() throws InterruptedException {
        if (process == null) {
            throw new IllegalStateException("the ledger process is not running");
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ledger-service exited with " + process.exitValue() + "; see " + log());
            }
            if (ready()) {
                return;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("ledger-service was not ready within 60 s; see " + log());
    }

    private static boolean ready() {
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

    private static Path writeHex(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n");
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Ed25519PrivateKey key(int fill) {
        byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
        java.util.Arrays.fill(seed, (byte) fill);
        try {
            return Ed25519PrivateKey.create(seed);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}

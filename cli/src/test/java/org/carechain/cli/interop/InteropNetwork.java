package org.carechain.cli.interop;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A one-validator ledger-service child process capturing a real EHR database, for cli's tests
 * (cli has no service-support test-jar): the same set-up as service-support's TestLedger,
 * ServiceProcess, TestDatabase and TestTokens, kept small.
 */
final class InteropNetwork {

    static final String ISSUER = "https://issuer.carechain.test";
    static final String AUDIENCE = "carechain";
    static final Ed25519PrivateKey VALIDATOR = key(0x11);

    private static final KeyPair TRUSTED = rsa();

    private InteropNetwork() {}

    // --- database -------------------------------------------------------------------------------

    static String dbHost() {
        return env("CARECHAIN_DB_HOST", "127.0.0.1");
    }

    static int dbPort() {
        return Integer.parseInt(env("CARECHAIN_DB_PORT", "5432"));
    }

    static String dbUser() {
        return env("CARECHAIN_DB_USER", "postgres");
    }

    static String dbPassword() {
        return env("CARECHAIN_DB_PASSWORD", "");
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + dbHost() + ":" + dbPort() + "/" + database, dbUser(),
                dbPassword());
    }

    /** Creates the database if needed, then empties its public schema. */
    static void recreate(String database) throws SQLException {
        try (Connection admin = connect("postgres")) {
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
        }
        try (Connection connection = connect(database); Statement reset = connection.createStatement()) {
            reset.execute("DROP SCHEMA public CASCADE");
            reset.execute("CREATE SCHEMA public");
        }
    }

    // --- ledger ---------------------------------------------------------------------------------

    record ChannelSpec(Channel channel, String submitterId, Ed25519PrivateKey submitter) {}

    static Genesis genesis(String chainId, ChannelSpec spec) {
        return new Genesis(chainId, spec.channel(), 1_767_225_600_000L,
                List.of(new Genesis.Member("solo", VALIDATOR.publicKey())),
                List.of(new Genesis.Member(spec.submitterId(), spec.submitter().publicKey())),
                ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                new Genesis.Timeouts(300, 200, 200, 200), 5_000, 8 * 1024 * 1024, ItemCatalog.of(Map.of()), List.of());
    }

    /** A running child process. */
    static final class Ledger {
        final int port;
        final Path log;
        private Process process;

        Ledger(int port, Path log, Process process) {
            this.port = port;
            this.log = log;
            this.process = process;
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("ledger-service exited with " + process.exitValue() + "; see " + log);
                }
                if (ready()) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("ledger-service not ready in " + timeout + "; see " + log);
        }

        void stop() throws InterruptedException {
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
    }

    static Ledger start(Path dir, String chainId, String database, List<ChannelSpec> channels, Map<String, String> settings)
            throws IOException, SQLException {
        Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
        for (ChannelSpec spec : channels) {
            Files.writeString(genesisDir.resolve(spec.channel().id() + ".json"), GenesisJson.write(genesis(chainId, spec)));
        }
        Path validatorKey = writeHex(dir.resolve("validator.key"), VALIDATOR.exportSeed());
        recreate(database);
        Path jwtKey = dir.resolve("jwt.pem");
        Files.writeString(jwtKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(TRUSTED.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Path jar = Path.of(System.getProperty("carechain.test.ledger-service-jar",
                "../ledger-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ledger-service is not built: " + jar);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port,
                "-Dmp.jwt.verify.publickey.location=" + jwtKey.toUri(), "-Dmp.jwt.verify.issuer=" + ISSUER,
                "-Dcarechain.database=" + database, "-Dcarechain.ledger.genesis-dir=" + genesisDir,
                "-Dcarechain.ledger.node-id=solo", "-Dcarechain.ledger.validator-key-file=" + validatorKey));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = dir.resolve("ledger.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Ledger(port, log, process);
    }

    static Path writeHex(Path file, byte[] bytes) throws IOException {
        Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n");
        return file;
    }

    static Ed25519PrivateKey key(int fill) {
        byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
        java.util.Arrays.fill(seed, (byte) fill);
        try {
            return Ed25519PrivateKey.create(seed);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- tokens ---------------------------------------------------------------------------------

    /** A token the child trusts, for a subject and roles, with more claims of any JSON type. */
    static String token(String subject, Map<String, ?> extra, String... roles) {
        JwtClaims claims = new JwtClaims();
        Instant expiry = Instant.now().plus(Duration.ofMinutes(5));
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject == null ? "pseudonym-" + UUID.randomUUID() : subject);
        claims.setIssuedAt(NumericDate.fromSeconds(expiry.getEpochSecond() - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setStringListClaim("groups", List.of(roles));
        extra.forEach(claims::setClaim);
        return sign(claims, TRUSTED.getPrivate());
    }

    private static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue("carechain-test");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

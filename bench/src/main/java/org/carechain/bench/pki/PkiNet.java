package org.carechain.bench.pki;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechain.bench.support.ServiceProcesses;
import org.carechain.crypto.escrow.EscrowKeyPair;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.proto.certificate.v1.ConsortiumGenesis;

/**
 * A private PKI network, started as certificate-service's {@code PkiNetwork} test resource starts
 * it, but from the built {@code quarkus-run.jar}s: one ledger-service validator hosting {@code rbc}
 * and {@code cbc} (the cbc genesis app state is the {@link ConsortiumGenesis} with two CA roots and
 * the escrow key, channel parameters as {@code TestLedger}'s), a registration-service (the RBC) on
 * it, and the certificate-service of the first CA. Each has a fresh database of its own. The
 * services trust a registrar JWT key that this class generates ({@link #registrarToken}). The
 * processes and databases go through {@link ServiceProcesses}.
 */
final class PkiNet implements AutoCloseable {

    static final String CHAIN_ID = "carechain-pki-bench";
    static final String JWT_ISSUER = "https://issuer.carechain.bench";
    static final Ed25519PrivateKey VALIDATOR = key(0x11);
    static final Ed25519PrivateKey RBC_SUBMITTER = key(0x22);
    static final Ed25519PrivateKey CREDENTIAL_KEY = key(0x33);
    static final Ed25519PrivateKey CBC_SUBMITTER = key(0x44);
    static final Ed25519PrivateKey CA_KEY = key(0x55);
    static final Ed25519PrivateKey SECOND_CA_KEY = key(0x66);

    record Service(String name, Process process, int port, Path log) {
        long pid() {
            return process.pid();
        }
    }

    final Path dir;
    final String dbPrefix;
    final EscrowKeyPair escrow = EscrowKeyPair.generate(new SecureRandom());
    final CertificateAuthority ca = root(CA_KEY, "CareChain Bench CA 1");
    final CertificateAuthority secondCa = root(SECOND_CA_KEY, "CareChain Bench CA 2");
    private final KeyPair jwtKey = rsa();
    private final ServiceProcesses processes;
    private final List<Service> services = new ArrayList<>();
    Service ledger;
    Service registration;
    Service certificate;

    PkiNet(Path dir, String dbPrefix) {
        this.dir = dir;
        this.dbPrefix = dbPrefix;
        this.processes = new ServiceProcesses(dir.resolve("logs"));
    }

    String ledgerDb() {
        return dbPrefix + "ledger";
    }

    String registrationDb() {
        return dbPrefix + "registration";
    }

    String certificateDb() {
        return dbPrefix + "certificate";
    }

    /** Writes genesis files and keys, recreates the three databases and starts the services in order. */
    void start(Map<String, Path> jars, List<String> javaOptions, List<String> certificateExtraOptions) throws Exception {
        Files.createDirectories(dir);
        for (String db : List.of(ledgerDb(), registrationDb(), certificateDb())) {
            ServiceProcesses.recreateDatabase(db);
        }
        Path jwtPem = write("registrar-jwt.pem", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(jwtKey.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        ConsortiumGenesis consortium = ConsortiumGenesis.newBuilder()
                .addTrustRoots(ByteString.copyFrom(ca.certificate().toDer()))
                .addTrustRoots(ByteString.copyFrom(secondCa.certificate().toDer()))
                .setEscrowPublicKey(ByteString.copyFrom(escrow.publicKey().toByteArray()))
                .build();
        Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
        Files.writeString(genesisDir.resolve(Channel.RBC.id() + ".json"), GenesisJson.write(
                genesis(Channel.RBC, "registration-service", RBC_SUBMITTER, List.of())));
        Files.writeString(genesisDir.resolve(Channel.CBC.id() + ".json"), GenesisJson.write(
                genesis(Channel.CBC, "certificate-service", CBC_SUBMITTER, List.of(new TypedPayload(
                        "type.carechain.org/" + ConsortiumGenesis.getDescriptor().getFullName(), consortium.toByteArray())))));

        Map<String, String> common = new LinkedHashMap<>();
        common.put("mp.jwt.verify.publickey.location", jwtPem.toUri().toString());
        common.put("mp.jwt.verify.issuer", JWT_ISSUER);
        common.put("quarkus.http.host", "127.0.0.1");

        Map<String, String> ledgerConfig = new LinkedHashMap<>(common);
        ledgerConfig.put("carechain.database", ledgerDb());
        ledgerConfig.put("carechain.ledger.genesis-dir", genesisDir.toString());
        ledgerConfig.put("carechain.ledger.node-id", "solo");
        ledgerConfig.put("carechain.ledger.validator-key-file", hex("validator.key", VALIDATOR.exportSeed()).toString());
        ledger = launch("ledger-service", jars.get("ledger-service"), javaOptions, ledgerConfig);
        awaitReady(ledger, Duration.ofSeconds(120));

        Map<String, String> rbc = new LinkedHashMap<>(common);
        rbc.put("carechain.database", registrationDb());
        rbc.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
        rbc.put("quarkus.grpc.clients.ledger.port", Integer.toString(ledger.port()));
        rbc.put("quarkus.grpc.clients.downstream.host", "127.0.0.1");
        rbc.put("quarkus.grpc.clients.downstream.port", Integer.toString(ledger.port()));
        rbc.put("carechain.registration.submitter-key-file", hex("rbc-submitter.key", RBC_SUBMITTER.exportSeed()).toString());
        rbc.put("carechain.registration.credential-key-file", hex("credential.key", CREDENTIAL_KEY.exportSeed()).toString());
        rbc.put("carechain.registration.commitment-key-file",
                hex("commitment.key", HexFormat.of().parseHex("5a".repeat(32))).toString());
        rbc.put("carechain.registration.escrow-public-key", HexFormat.of().formatHex(escrow.publicKey().toByteArray()));
        registration = launch("registration-service", jars.get("registration-service"), javaOptions, rbc);

        KeyPair tokenKey = p256();
        Map<String, String> cbc = new LinkedHashMap<>(common);
        int certificatePort = freePort();
        cbc.put("carechain.database", certificateDb());
        cbc.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
        cbc.put("quarkus.grpc.clients.ledger.port", Integer.toString(ledger.port()));
        cbc.put("quarkus.grpc.clients.registration.host", "127.0.0.1");
        cbc.put("quarkus.grpc.clients.registration.port", Integer.toString(registration.port()));
        cbc.put("quarkus.grpc.clients.downstream.host", "127.0.0.1");
        cbc.put("quarkus.grpc.clients.downstream.port", Integer.toString(registration.port()));
        cbc.put("carechain.certificate.ca-key-file", hex("ca.key", CA_KEY.exportSeed()).toString());
        cbc.put("carechain.certificate.ca-certificate-file", write("ca.pem", ca.certificate().toPem()).toString());
        cbc.put("carechain.certificate.submitter-key-file", hex("cbc-submitter.key", CBC_SUBMITTER.exportSeed()).toString());
        cbc.put("carechain.certificate.cbc-genesis-file", genesisDir.resolve(Channel.CBC.id() + ".json").toString());
        cbc.put("carechain.certificate.token-key-file", write("token.pem", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(tokenKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n").toString());
        cbc.put("carechain.certificate.token-issuer", JWT_ISSUER);
        cbc.put("carechain.certificate.commit-timeout", "PT20S");
        cbc.put("carechain.certificate.public-url", "http://127.0.0.1:" + certificatePort);
        List<String> certificateOptions = new ArrayList<>(javaOptions);
        certificateOptions.addAll(certificateExtraOptions);
        certificate = launch("certificate-service", jars.get("certificate-service"), certificateOptions, cbc, certificatePort);
        awaitReady(registration, Duration.ofSeconds(120));
        awaitReady(certificate, Duration.ofSeconds(120));
    }

    List<Service> services() {
        return services;
    }

    /** A registrar's token (RS256, role registrar), valid for an hour. */
    String registrarToken() throws Exception {
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer(JWT_ISSUER);
        claims.setAudience("carechain");
        claims.setSubject("bench-registrar");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", List.of("registrar"));
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(jwtKey.getPrivate());
        jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Override
    public void close() {
        processes.close();
        services.clear();
    }

    private Service launch(String name, Path jar, List<String> javaOptions, Map<String, String> properties) throws IOException {
        return launch(name, jar, javaOptions, properties, freePort());
    }

    private Service launch(String name, Path jar, List<String> javaOptions, Map<String, String> properties, int port)
            throws IOException {
        ServiceProcesses.Service started = processes.launch(name, jar, javaOptions, properties, Map.of(), port);
        Service service = new Service(started.name(), started.process(), started.port(), started.log());
        services.add(service);
        return service;
    }

    private static void awaitReady(Service service, Duration timeout) throws InterruptedException {
        ServiceProcesses.awaitReady(new ServiceProcesses.Service(service.name(), service.process(), service.port(), service.log()),
                timeout);
    }

    /** The cbc and rbc genesis exactly as certificate-service's tests make it ({@code TestLedger.genesis}). */
    private static Genesis genesis(Channel channel, String submitterId, Ed25519PrivateKey submitter, List<TypedPayload> appState) {
        return new Genesis(CHAIN_ID, channel, 1_767_225_600_000L,
                List.of(new Genesis.Member("solo", VALIDATOR.publicKey())),
                List.of(new Genesis.Member(submitterId, submitter.publicKey())),
                ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                new Genesis.Timeouts(300, 200, 200, 200), 5_000, 8 * 1024 * 1024, ItemCatalog.of(Map.of()), appState);
    }

    static String jdbcUrl(String db) {
        return ServiceProcesses.jdbcUrl(db);
    }

    static Connection connect(String db) throws SQLException {
        return ServiceProcesses.connect(db);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path hex(String name, byte[] bytes) throws IOException {
        return write(name, HexFormat.of().formatHex(bytes) + "\n");
    }

    static int freePort() throws IOException {
        return ServiceProcesses.freePort();
    }

    private static Ed25519PrivateKey key(int fill) {
        byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
        Arrays.fill(seed, (byte) fill);
        try {
            return Ed25519PrivateKey.create(seed);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CertificateAuthority root(Ed25519PrivateKey key, String name) {
        Instant now = Instant.now();
        return CertificateAuthority.createRoot(key, name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)),
                BigInteger.valueOf(key.publicKey().toByteArray()[0] & 0x7f).add(BigInteger.ONE));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

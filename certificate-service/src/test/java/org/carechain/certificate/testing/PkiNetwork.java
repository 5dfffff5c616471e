package org.carechain.certificate.testing;

import com.google.protobuf.ByteString;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carechain.certificate.ca.TokenKey;
import org.carechain.crypto.escrow.EscrowDealing;
import org.carechain.crypto.escrow.ThresholdEscrow;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.proto.certificate.v1.ConsortiumGenesis;
import org.carechain.proto.certificate.v1.TracingOfficer;
import org.carechain.proto.certificate.v1.TracingPolicy;
import org.carechain.service.ledger.LedgerSubmitter;
import org.carechain.service.testing.ServiceProcess;
import org.carechain.service.testing.TestLedger;
import org.carechain.service.testing.TestTokens;

/**
 * The services a CA talks to, really started: one ledger-service validator hosting {@code rbc}
 * and {@code cbc}, and a registration-service (the RBC) on it. The consortium has two CAs; the
 * service under test is the first. Gives the service under test its keys and genesis.
 */
public class PkiNetwork implements QuarkusTestResourceLifecycleManager {

    public static final String CHAIN_ID = "carechain-pki-test";
    public static final Ed25519PrivateKey RBC_SUBMITTER = TestLedger.key(0x22);
    public static final Ed25519PrivateKey CREDENTIAL_KEY = TestLedger.key(0x33);
    public static final Ed25519PrivateKey CBC_SUBMITTER = TestLedger.key(0x44);
    public static final Ed25519PrivateKey CA_KEY = TestLedger.key(0x55);
    public static final Ed25519PrivateKey SECOND_CA_KEY = TestLedger.key(0x66);
    /** The escrow key, shared 2-of-3 among officer1..officer3; nobody holds it whole. */
    public static final EscrowDealing ESCROW = ThresholdEscrow.dealFreshKey(2, 3, new SecureRandom());
    public static final List<Ed25519PrivateKey> OFFICER_KEYS = List.of(TestLedger.key(0x71), TestLedger.key(0x72),
            TestLedger.key(0x73));
    public static final CertificateAuthority CA = root(CA_KEY, "CareChain Test CA 1");
    public static final CertificateAuthority SECOND_CA = root(SECOND_CA_KEY, "CareChain Test CA 2");
    public static final KeyPair TOKEN_KEY = p256();

    private static ServiceProcess ledger;
    private static ServiceProcess registration;
    private static Path dir;

    public static ServiceProcess ledger() {
        return ledger;
    }

    public static ServiceProcess registration() {
        return registration;
    }

    public static Path dir() {
        return dir;
    }

    public static void awaitReady() throws InterruptedException {
        ledger.awaitReady(Duration.ofSeconds(90));
        registration.awaitReady(Duration.ofSeconds(90));
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("carechain-pki-test");
            ConsortiumGenesis consortium = ConsortiumGenesis.newBuilder()
                    .addTrustRoots(ByteString.copyFrom(CA.certificate().toDer()))
                    .addTrustRoots(ByteString.copyFrom(SECOND_CA.certificate().toDer()))
                    .setEscrowPublicKey(ByteString.copyFrom(ESCROW.escrowKey().toByteArray()))
                    .setEscrowVerificationKeys(ByteString.copyFrom(ESCROW.verificationKeys().toByteArray()))
                    .setTracing(TracingPolicy.newBuilder().setThreshold(2)
                            .addOfficers(officer(1)).addOfficers(officer(2)).addOfficers(officer(3)))
                    .build();
            TestLedger.ChannelSpec cbc = new TestLedger.ChannelSpec(Channel.CBC, "certificate-service", CBC_SUBMITTER,
                    List.of(new TypedPayload(LedgerSubmitter.typeUrl(ConsortiumGenesis.getDescriptor()),
                            consortium.toByteArray())));
            ledger = TestLedger.start(dir, CHAIN_ID, "carechain_pki_ledger_test", List.of(
                    new TestLedger.ChannelSpec(Channel.RBC, "registration-service", RBC_SUBMITTER), cbc));
            Path cbcGenesis = dir.resolve("genesis").resolve("cbc.json");

            Map<String, String> rbc = new HashMap<>();
            rbc.put("carechain.database", "carechain_pki_registration_test");
            rbc.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
            rbc.put("quarkus.grpc.clients.ledger.port", Integer.toString(ledger.port()));
            rbc.put("carechain.registration.submitter-key-file",
                    TestLedger.writeHex(dir.resolve("rbc-submitter.key"), RBC_SUBMITTER.exportSeed()).toString());
            rbc.put("carechain.registration.credential-key-file",
                    TestLedger.writeHex(dir.resolve("credential.key"), CREDENTIAL_KEY.exportSeed()).toString());
            rbc.put("carechain.registration.commitment-key-file",
                    TestLedger.writeHex(dir.resolve("commitment.key"), HexFormat.of().parseHex("5a".repeat(32))).toString());
            rbc.put("carechain.registration.escrow-public-key", HexFormat.of().formatHex(ESCROW.escrowKey().toByteArray()));
            rbc.put("carechain.registration.cbc-genesis-file", cbcGenesis.toString());
            org.carechain.service.testing.TestDatabase.recreate("carechain_pki_registration_test");
            registration = ServiceProcess.start("registration-service", rbc, dir.resolve("registration.log"));

            Map<String, String> config = new HashMap<>();
            config.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
            config.put("quarkus.grpc.clients.ledger.port", Integer.toString(ledger.port()));
            config.put("quarkus.grpc.clients.ledger.test-port", Integer.toString(ledger.port()));
            config.put("quarkus.grpc.clients.registration.host", "127.0.0.1");
            config.put("quarkus.grpc.clients.registration.port", Integer.toString(registration.port()));
            config.put("quarkus.grpc.clients.registration.test-port", Integer.toString(registration.port()));
            config.put("carechain.certificate.ca-key-file",
                    TestLedger.writeHex(dir.resolve("ca.key"), CA_KEY.exportSeed()).toString());
            config.put("carechain.certificate.ca-certificate-file", write("ca.pem", CA.certificate().toPem()).toString());
            config.put("carechain.certificate.submitter-key-file",
                    TestLedger.writeHex(dir.resolve("cbc-submitter.key"), CBC_SUBMITTER.exportSeed()).toString());
            config.put("carechain.certificate.cbc-genesis-file", cbcGenesis.toString());
            config.put("carechain.certificate.token-key-file", write("token.pem", "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(TOKEN_KEY.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n").toString());
            config.put("carechain.certificate.token-issuer", TestTokens.ISSUER);
            config.put("carechain.certificate.commit-timeout", "PT20S");
            // The service under test trusts the test issuer's key and its own login tokens.
            config.put("mp.jwt.verify.publickey.location", write("jwks.json", jwks()).toUri().toString());
            config.put("mp.jwt.verify.publickey.algorithm", "RS256,ES256");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (registration != null) {
                registration.stop();
            }
            if (ledger != null) {
                ledger.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Officer {@code i} (1..3): id officer{@code i}, its signing key, and share {@code i}. */
    private static TracingOfficer officer(int i) {
        return TracingOfficer.newBuilder().setOfficerId("officer" + i)
                .setSigningKey(ByteString.copyFrom(OFFICER_KEYS.get(i - 1).publicKey().toByteArray()))
                .setShareIndex(i)
                .build();
    }

    private static String jwks() {
        TokenKey token = TokenKey.create((java.security.interfaces.ECPrivateKey) TOKEN_KEY.getPrivate());
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("keys", List.of(
                    TestTokens.publicJwk(),
                    token.publicJwk().toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static CertificateAuthority root(Ed25519PrivateKey key, String name) {
        Instant now = Instant.now();
        return CertificateAuthority.createRoot(key, name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)),
                BigInteger.valueOf(key.publicKey().toByteArray()[0] & 0x7f).add(BigInteger.ONE));
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

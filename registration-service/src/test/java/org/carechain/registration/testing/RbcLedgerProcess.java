package org.carechain.registration.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.escrow.EscrowKeyPair;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.service.testing.ServiceProcess;
import org.carechain.service.testing.TestLedger;

/**
 * A real ledger-service as a child process ({@link TestLedger}): one validator hosting an
 * {@code rbc} channel whose genesis lists this service's submitter key. Also gives the service
 * under test its registration keys.
 */
public class RbcLedgerProcess implements QuarkusTestResourceLifecycleManager {

    public static final String CHAIN_ID = "carechain-rbc-test";
    public static final Ed25519PrivateKey SUBMITTER = TestLedger.key(0x22);
    public static final Ed25519PrivateKey CREDENTIAL_KEY = TestLedger.key(0x33);
    public static final byte[] COMMITMENT_KEY = HexFormat.of().parseHex("5a".repeat(32));
    public static final EscrowKeyPair ESCROW = EscrowKeyPair.generate(new SecureRandom());

    private static final String DATABASE = "carechain_registration_ledger_test";

    private static ServiceProcess ledger;

    public static int port() {
        return ledger.port();
    }

    /** Everything the ledger process wrote to stdout and stderr. */
    public static Path log() {
        return ledger.log();
    }

    /** Stops the ledger, to see how the service behaves without it. */
    public static synchronized void stopLedger() throws InterruptedException {
        ledger.stop();
    }

    /**
     * Waits until the ledger answers its readiness check. The ledger boots while Quarkus boots the
     * service under test; tests that use it call this first.
     */
    public static void awaitReady() throws InterruptedException {
        ledger.awaitReady(Duration.ofSeconds(60));
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("carechain-rbc-test");
            ledger = TestLedger.start(dir, CHAIN_ID, DATABASE,
                    List.of(new TestLedger.ChannelSpec(Channel.RBC, "registration-service", SUBMITTER)));
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
            config.put("quarkus.grpc.clients.ledger.port", Integer.toString(ledger.port()));
            config.put("quarkus.grpc.clients.ledger.test-port", Integer.toString(ledger.port()));
            config.putAll(registrationKeys(dir));
            config.put("carechain.registration.ledger-timeout", "PT5S");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registration authority's key settings, with the key files written to {@code dir}. */
    public static Map<String, String> registrationKeys(Path dir) throws IOException {
        return Map.of(
                "carechain.registration.submitter-key-file",
                TestLedger.writeHex(dir.resolve("submitter.key"), SUBMITTER.exportSeed()).toString(),
                "carechain.registration.credential-key-file",
                TestLedger.writeHex(dir.resolve("credential.key"), CREDENTIAL_KEY.exportSeed()).toString(),
                "carechain.registration.commitment-key-file",
                TestLedger.writeHex(dir.resolve("commitment.key"), COMMITMENT_KEY).toString(),
                "carechain.registration.escrow-public-key", HexFormat.of().formatHex(ESCROW.publicKey().toByteArray()));
    }

    @Override
    public void stop() {
        try {
            stopLedger();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

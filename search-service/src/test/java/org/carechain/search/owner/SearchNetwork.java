package org.carechain.search.owner;

import com.google.protobuf.ByteString;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sse.MasterKeys;
import org.carechain.ehr.db.EhrSchema;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.proto.search.v1.SearchConsortium;
import org.carechain.proto.search.v1.SearchOwner;
import org.carechain.service.ledger.LedgerSubmitter;
import org.carechain.service.testing.ServiceProcess;
import org.carechain.service.testing.TestDatabase;
import org.carechain.service.testing.TestLedger;

/**
 * What a search owner works with, really started: one ledger-service validator hosting {@code ehr}
 * and {@code search}, capturing a real EHR database of provider {@value #PROVIDER} by logical
 * decoding. The service under test runs owner mode for that provider and server mode for it.
 */
public class SearchNetwork implements QuarkusTestResourceLifecycleManager {

    public static final String PROVIDER = "hospital1";
    public static final String CHAIN_ID = "carechain-search-test";
    public static final String EHR_DATABASE = "carechain_search_ehr_test";
    public static final Ed25519PrivateKey CAPTURE_KEY = TestLedger.key(0x62);
    public static final Ed25519PrivateKey OWNER_KEY = TestLedger.key(0x61);
    public static final Ed25519PrivateKey CA_KEY = TestLedger.key(0x63);
    public static final ProviderKeys PROVIDER_KEYS = ProviderKeys.generate(new SecureRandom());
    public static final CertificateAuthority CA = CertificateAuthority.createRoot(CA_KEY, "CareChain Search Test CA",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), BigInteger.TEN);

    private static ServiceProcess ledger;
    private static Path dir;

    public static ServiceProcess ledger() {
        return ledger;
    }

    public static Path dir() {
        return dir;
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("carechain-search-test");
            prepareEhrDatabase();
            Path providerKeys = dir.resolve("ehr");
            PROVIDER_KEYS.writeTo(providerKeys);
            Path ownerKey = TestLedger.writeHex(dir.resolve("owner.key"), OWNER_KEY.exportSeed());
            Path masterKeys = Files.write(dir.resolve("owner.master"), MasterKeys.generate(new SecureRandom()).encode());
            SearchConsortium owners = SearchConsortium.newBuilder().addOwners(SearchOwner.newBuilder().setOwner(PROVIDER)
                    .setPublicKey(ByteString.copyFrom(OWNER_KEY.publicKey().toByteArray()))).build();
            Map<String, String> capture = TestLedger.capture(dir, PROVIDER, providerKeys, CAPTURE_KEY, EHR_DATABASE);
            ledger = TestLedger.start(dir, CHAIN_ID, "carechain_search_ledger_test", List.of(
                    new TestLedger.ChannelSpec(Channel.EHR, "capture-" + PROVIDER, CAPTURE_KEY),
                    new TestLedger.ChannelSpec(Channel.SEARCH, "search-" + PROVIDER, OWNER_KEY, List.of(new TypedPayload(
                            LedgerSubmitter.typeUrl(SearchConsortium.getDescriptor()), owners.toByteArray())))),
                    capture);

            int httpPort = ServiceProcess.freePort();
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.http.test-port", Integer.toString(httpPort));
            config.put("quarkus.grpc.clients.ledger.host", "127.0.0.1");
            config.put("quarkus.grpc.clients.ledger.port", Integer.toString(ledger.port()));
            config.put("quarkus.grpc.clients.ledger.test-port", Integer.toString(ledger.port()));
            config.put("quarkus.grpc.clients.search-server.host", "127.0.0.1");
            config.put("quarkus.grpc.clients.search-server.test-port", Integer.toString(httpPort));
            // The owner under test, and the owners the server-mode tests push as.
            config.put("carechain.search.server.owners", PROVIDER + ":" + HexFormat.of().formatHex(
                    OWNER_KEY.publicKey().toByteArray()) + "," + org.carechain.search.server.TestOwner.ownersConfig());
            config.put("carechain.search.owner.enabled", "true");
            config.put("carechain.search.owner.provider", PROVIDER);
            config.put("carechain.search.owner.key-file", ownerKey.toString());
            config.put("carechain.search.owner.master-key-file", masterKeys.toString());
            config.put("carechain.search.owner.provider-keys-dir", providerKeys.toString());
            config.put("carechain.search.owner.ehr-db-name", EHR_DATABASE);
            config.put("carechain.search.owner.epoch-interval", "PT0.3S");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh EHR database with the sample schema, and no replication slot left by an earlier run. */
    private static void prepareEhrDatabase() {
        TestDatabase.recreate(EHR_DATABASE);
        try (Connection connection = connectEhr(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + EHR_DATABASE + "' AND NOT active");
            statement.execute("DROP PUBLICATION IF EXISTS carechain_capture");
            EhrSchema.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the EHR test database: " + e.getMessage(), e);
        }
    }

    public static Connection connectEhr() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.host() + ":" + TestDatabase.port() + "/"
                + EHR_DATABASE, TestDatabase.user(), TestDatabase.password());
    }

    @Override
    public void stop() {
        try {
            if (ledger != null) {
                ledger.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An abandoned slot would keep the server's WAL; the database itself stays for inspection.
        try (Connection connection = connectEhr(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + EHR_DATABASE + "' AND NOT active");
        } catch (SQLException e) {
            // Best effort: the next start drops it too.
        }
    }
}

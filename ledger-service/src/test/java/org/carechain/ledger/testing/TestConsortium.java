package org.carechain.ledger.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;

/**
 * A consortium for tests: four validators and one submitter with fixed keys, and genesis files
 * for the {@code ehr} and {@code cbc} channels that the ledger under test hosts.
 */
public class TestConsortium implements QuarkusTestResourceLifecycleManager {

    public static final String CHAIN_ID = "carechain-test";
    public static final List<Ed25519PrivateKey> VALIDATORS = keys(1, 4);
    public static final Ed25519PrivateKey SUBMITTER = keys(100, 1).get(0);
    public static final Ed25519PrivateKey STRANGER = keys(200, 1).get(0);

    public static String validatorId(int index) {
        return "ledger-" + index;
    }

    public static Genesis genesis(Channel channel) {
        List<Genesis.Member> validators = new ArrayList<>();
        for (int i = 0; i < VALIDATORS.size(); i++) {
            validators.add(new Genesis.Member(validatorId(i), VALIDATORS.get(i).publicKey()));
        }
        return new Genesis(CHAIN_ID, channel, 1_767_225_600_000L, validators,
                List.of(new Genesis.Member("test-submitter", SUBMITTER.publicKey())),
                ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                Genesis.Timeouts.DEFAULT, 5_000, 8 * 1024 * 1024,
                channel == Channel.EHR
                        ? ItemCatalog.builder().type("Observation", new ImportantItem("code", "code"),
                                new ImportantItem("value", "value")).build()
                        : ItemCatalog.of(Map.of()));
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("carechain-test-genesis");
            for (Channel channel : List.of(Channel.EHR, Channel.CBC)) {
                Files.writeString(dir.resolve(channel.id() + ".json"), GenesisJson.write(genesis(channel)));
            }
            return Map.of("carechain.ledger.genesis-dir", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The temporary directory is small and left for inspection.
    }

    private static List<Ed25519PrivateKey> keys(int firstSeed, int count) {
        List<Ed25519PrivateKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
            seed[0] = (byte) (firstSeed + i);
            try {
                keys.add(Ed25519PrivateKey.create(seed));
            } catch (InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(keys);
    }
}

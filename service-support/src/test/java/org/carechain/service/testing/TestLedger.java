package org.carechain.service.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;

/**
 * A one-validator ledger-service for a service's tests, as a real child process: it hosts the
 * given channels, each with one submitter, in its own freshly made database.
 */
public final class TestLedger {

    public static final Ed25519PrivateKey VALIDATOR = key(0x11);

    private TestLedger() {}

    /** One channel the ledger hosts: who submits to it and what its genesis app state holds. */
    public record ChannelSpec(Channel channel, String submitterId, Ed25519PrivateKey submitter, List<TypedPayload> appState) {
        public ChannelSpec(Channel channel, String submitterId, Ed25519PrivateKey submitter) {
            this(channel, submitterId, submitter, List.of());
        }
    }

    /** The genesis of one test channel, the same on every call with the same arguments. */
    public static Genesis genesis(String chainId, ChannelSpec spec) {
        return new Genesis(chainId, spec.channel(), 1_767_225_600_000L,
                List.of(new Genesis.Member("solo", VALIDATOR.publicKey())),
                List.of(new Genesis.Member(spec.submitterId(), spec.submitter().publicKey())),
                ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                new Genesis.Timeouts(300, 200, 200, 200), 5_000, 8 * 1024 * 1024, ItemCatalog.of(Map.of()),
                spec.appState());
    }

    /** Writes the genesis files and starts the ledger; callers {@code awaitReady} before using it. */
    public static ServiceProcess start(Path dir, String chainId, String database, List<ChannelSpec> channels)
            throws IOException {
        return start(dir, chainId, database, channels, Map.of());
    }

    /** As {@link #start(Path, String, String, List)}, with more ledger settings (change capture, say). */
    public static ServiceProcess start(Path dir, String chainId, String database, List<ChannelSpec> channels,
            Map<String, String> settings) throws IOException {
        Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
        for (ChannelSpec spec : channels) {
            Files.writeString(genesisDir.resolve(spec.channel().id() + ".json"), GenesisJson.write(genesis(chainId, spec)));
        }
        Path validatorKey = writeHex(dir.resolve("validator.key"), VALIDATOR.exportSeed());
        TestDatabase.recreate(database);
        Map<String, String> properties = new java.util.HashMap<>(settings);
        properties.put("carechain.database", database);
        properties.put("carechain.ledger.genesis-dir", genesisDir.toString());
        properties.put("carechain.ledger.node-id", "solo");
        properties.put("carechain.ledger.validator-key-file", validatorKey.toString());
        return ServiceProcess.start("ledger-service", properties, dir.resolve("ledger.log"));
    }

    /**
     * The ledger settings for change capture of {@code ehrDatabase} as {@code provider}: its keys in
     * {@code providerKeys}, the submitter key written to {@code dir}, a slot named after the
     * database. A mutable map, for more settings.
     */
    public static Map<String, String> capture(Path dir, String provider, Path providerKeys, Ed25519PrivateKey submitter,
            String ehrDatabase) throws IOException {
        Map<String, String> capture = new java.util.HashMap<>();
        capture.put("carechain.capture.enabled", "true");
        capture.put("carechain.capture.provider", provider);
        capture.put("carechain.capture.keys-dir", providerKeys.toString());
        capture.put("carechain.capture.submitter-key-file", writeHex(dir.resolve("capture.key"), submitter.exportSeed()).toString());
        capture.put("carechain.capture.database.name", ehrDatabase);
        capture.put("carechain.capture.slot", ehrDatabase);
        return capture;
    }

    public static Path writeHex(Path file, byte[] bytes) throws IOException {
        Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n");
        return file;
    }

    /** A fixed test key whose seed is 32 bytes of {@code fill}. */
    public static Ed25519PrivateKey key(int fill) {
        byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
        java.util.Arrays.fill(seed, (byte) fill);
        try {
            return Ed25519PrivateKey.create(seed);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}

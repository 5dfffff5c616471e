package org.carechain.cli.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ehr.fhir.DefaultImportantItems;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;

/**
 * Writes a consortium's genesis files and member keys: one Ed25519 key per validator and
 * submitter, shared by every channel it takes part in, in {@code <dir>/keys/<id>.key} (hex seed,
 * readable by the owner only), and one {@code <dir>/genesis/<channel>.json} per channel.
 */
public final class ConsortiumSetup {

    /**
     * Most transactions and canonical bytes in one block. A proposal carries its whole block in
     * one gRPC message; the ledger's gRPC server takes messages up to 16 MiB
     * ({@code quarkus.grpc.server.max-inbound-message-size}), and blocks of 2,000 record events
     * (about 600 KB) gave the best throughput measured on a 2-core host (docs/benchmarks.md).
     */
    static final int MAX_BLOCK_TRANSACTIONS = 2_000;
    static final int MAX_BLOCK_BYTES = 768 * 1024;

    private ConsortiumSetup() {}

    /**
     * What to create.
     *
     * @param submitters who may submit to every channel
     * @param channelSubmitters who may submit to one channel only, beside {@code submitters}: e.g. a
     *     service's own submitter on its channel
     * @param appState each channel's app state (e.g. the cbc channel's trust bundle); none if absent
     */
    public record Plan(String chainId, List<Channel> channels, List<String> validators, List<String> submitters,
            ProposerPolicyKind policy, long blockRewardNano, Genesis.Timeouts timeouts,
            Map<Channel, List<String>> channelSubmitters, Map<Channel, List<TypedPayload>> appState) {

        public Plan {
            channelSubmitters = Map.copyOf(channelSubmitters);
            appState = Map.copyOf(appState);
        }

        /** A plan whose channels all have the same submitters and no app state. */
        public Plan(String chainId, List<Channel> channels, List<String> validators, List<String> submitters,
                ProposerPolicyKind policy, long blockRewardNano, Genesis.Timeouts timeouts) {
            this(chainId, channels, validators, submitters, policy, blockRewardNano, timeouts, Map.of(), Map.of());
        }

        /** Everyone who may submit to the channel. */
        public List<String> submittersOf(Channel channel) {
            List<String> all = new ArrayList<>(submitters);
            all.addAll(channelSubmitters.getOrDefault(channel, List.of()));
            return all;
        }
    }

    /** Creates keys that do not exist yet (existing ones are kept) and writes every genesis file. */
    public static Map<Channel, Genesis> create(Path dir, Plan plan, long genesisTimeMillis) throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
        SecureRandom random = new SecureRandom();
        List<Genesis.Member> validators = new ArrayList<>();
        for (String id : plan.validators()) {
            validators.add(new Genesis.Member(id, loadOrCreateKey(keys, id, random).publicKey()));
        }
        Map<Channel, Genesis> written = new LinkedHashMap<>();
        for (Channel channel : plan.channels()) {
            List<Genesis.Member> submitters = new ArrayList<>();
            for (String id : plan.submittersOf(channel)) {
                submitters.add(new Genesis.Member(id, loadOrCreateKey(keys, id, random).publicKey()));
            }
            Genesis genesis = new Genesis(plan.chainId(), channel, genesisTimeMillis, validators, submitters, plan.policy(),
                    Duration.ofSeconds(600), plan.blockRewardNano(), plan.timeouts(), MAX_BLOCK_TRANSACTIONS, MAX_BLOCK_BYTES,
                    channel == Channel.EHR ? defaultImportantItems() : ItemCatalog.of(Map.of()),
                    plan.appState().getOrDefault(channel, List.of()));
            Files.writeString(genesisDir.resolve(channel.id() + ".json"), GenesisJson.write(genesis));
            written.put(channel, genesis);
        }
        return written;
    }

    public static Path keyFile(Path dir, String memberId) {
        return dir.resolve("keys").resolve(memberId + ".key");
    }

    public static Ed25519PrivateKey readKey(Path file) throws IOException {
        try {
            return Ed25519PrivateKey.create(HexFormat.of().parseHex(Files.readString(file).strip()));
        } catch (IllegalArgumentException | InvalidKeyException e) {
            throw new IllegalArgumentException(file + " is not a 32-byte hex Ed25519 seed");
        }
    }

    private static Ed25519PrivateKey loadOrCreateKey(Path keys, String id, SecureRandom random) throws IOException {
        Path file = keys.resolve(id + ".key");
        if (Files.exists(file)) {
            return readKey(file);
        }
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
        Files.writeString(file, HexFormat.of().formatHex(key.exportSeed()) + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions apply.
        }
        return key;
    }

    /**
     * A starting catalog of important items per FHIR R4 resource type; the consortium edits it. The
     * ehr module owns it, since change capture evaluates the same expressions.
     */
    public static ItemCatalog defaultImportantItems() {
        return DefaultImportantItems.catalog();
    }
}

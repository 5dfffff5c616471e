package org.carechain.cli.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Write a genesis file for one channel, with a fresh Ed25519 key for each validator and submitter.",
                "Keys go to <out>/keys/<id>.key (hex seed, readable by the owner only): move each to its node's secret store."})
final class GenesisCreateCommand implements Callable<Integer> {

    @Option(names = "--chain-id", required = true, description = "The consortium's chain id, e.g. carechain-prod.")
    String chainId;

    @Option(names = "--channel", required = true, description = "ehr, rbc, cbc or search.")
    String channel;

    @Option(names = "--validators", defaultValue = "4", description = "Number of validators (default: ${DEFAULT-VALUE}).")
    int validators;

    @Option(names = "--validator-prefix", defaultValue = "ledger-", description = "Validator ids are <prefix>0, <prefix>1, ... (default: ${DEFAULT-VALUE}).")
    String validatorPrefix;

    @Option(names = "--submitter", split = ",", description = "Ids of the services allowed to submit transactions.")
    List<String> submitters = new ArrayList<>();

    @Option(names = "--policy", defaultValue = "least-significance", description = "least-significance or weighted-round-robin.")
    String policy;

    @Option(names = "--block-reward-nano", defaultValue = "1000000000", description = "R, in 10^-9 significance units (default: ${DEFAULT-VALUE}).")
    long blockRewardNano;

    @Option(names = "--out", required = true, description = "Directory for <channel>.json and keys/.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (validators < 1 || validators > 100) {
            throw new IllegalArgumentException("--validators must be 1 to 100");
        }
        Channel chosen = Channel.fromId(channel);
        SecureRandom random = new SecureRandom();
        Path keys = out.resolve("keys");
        Files.createDirectories(keys);
        List<Genesis.Member> validatorMembers = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            validatorMembers.add(newMember(validatorPrefix + i, keys, random));
        }
        List<Genesis.Member> submitterMembers = new ArrayList<>();
        for (String submitter : submitters) {
            submitterMembers.add(newMember(submitter, keys, random));
        }
        Genesis genesis = new Genesis(chainId, chosen, Instant.now().toEpochMilli(), validatorMembers, submitterMembers,
                ProposerPolicyKind.fromGenesisName(policy), Duration.ofSeconds(600), blockRewardNano,
                Genesis.Timeouts.DEFAULT, 5_000, 8 * 1024 * 1024,
                chosen == Channel.EHR ? defaultImportantItems() : ItemCatalog.builder().build());
        Path file = out.resolve(chosen.id() + ".json");
        Files.writeString(file, GenesisJson.write(genesis));
        System.out.println("wrote " + file + " (genesis hash " + genesis.hash().toHex() + ")");
        genesis.warnings().forEach(warning -> System.out.println("warning: " + warning));
        return 0;
    }

    private static Genesis.Member newMember(String id, Path keys, SecureRandom random) throws IOException {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
        Genesis.Member member = new Genesis.Member(id, key.publicKey());
        Path file = keys.resolve(id + ".key");
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists; refusing to overwrite a key");
        }
        Files.writeString(file, HexFormat.of().formatHex(key.exportSeed()) + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions apply.
        }
        return member;
    }

    /** A starting catalog of important items per FHIR R4 resource type; the consortium edits it. */
    static ItemCatalog defaultImportantItems() {
        return ItemCatalog.builder()
                .type("Patient", item("birthDate"), item("gender"), item("address"), item("telecom"))
                .type("Encounter", item("class"), item("period"), item("reasonCode"), item("serviceProvider"))
                .type("Observation", item("code"), item("value"), item("effective"), item("interpretation"))
                .type("Condition", item("code"), item("clinicalStatus"), item("onset"), item("severity"))
                .type("MedicationRequest", item("medication"), item("dosageInstruction"), item("authoredOn"))
                .type("AllergyIntolerance", item("code"), item("criticality"), item("reaction"))
                .type("DiagnosticReport", item("code"), item("result"), item("conclusion"))
                .build();
    }

    private static ImportantItem item(String element) {
        return new ImportantItem(element, element);
    }
}

package org.carechain.cli.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Write genesis files for channels, with one Ed25519 key per validator and submitter.",
                "Files go to <out>/genesis/<channel>.json; keys to <out>/keys/<id>.key (hex seed, readable by the",
                "owner only; existing keys are kept). Move each key to its node's secret store."})
final class GenesisCreateCommand implements Callable<Integer> {

    @Option(names = "--chain-id", required = true, description = "The consortium's chain id, e.g. carechain-prod.")
    String chainId;

    @Option(names = "--channel", required = true, split = ",", description = "ehr, rbc, cbc and/or search.")
    List<String> channels;

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

    @Option(names = "--out", required = true, description = "Directory for genesis/ and keys/.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (validators < 1 || validators > 100) {
            throw new IllegalArgumentException("--validators must be 1 to 100");
        }
        List<Channel> chosen = channels.stream().map(Channel::fromId).distinct().toList();
        List<String> validatorIds = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            validatorIds.add(validatorPrefix + i);
        }
        Map<Channel, Genesis> written = ConsortiumSetup.create(out, new ConsortiumSetup.Plan(chainId, chosen, validatorIds,
                submitters, ProposerPolicyKind.fromGenesisName(policy), blockRewardNano, Genesis.Timeouts.DEFAULT),
                Instant.now().toEpochMilli());
        written.forEach((channel, genesis) -> {
            System.out.println("wrote " + out.resolve("genesis").resolve(channel.id() + ".json")
                    + " (genesis hash " + genesis.hash().toHex() + ")");
            genesis.warnings().forEach(warning -> System.out.println("  warning: " + warning));
        });
        return 0;
    }
}

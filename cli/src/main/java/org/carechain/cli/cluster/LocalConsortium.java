package org.carechain.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;

/**
 * The local cluster's consortium: four validators ({@code ledger-0} to {@code ledger-3}) on all
 * four channels, and a {@code demo-submitter} allowed to submit. Created once and kept, so a
 * restarted cluster continues its chains.
 */
public record LocalConsortium(Path dir, boolean created) {

    public static final String CHAIN_ID = "carechain-local";
    public static final String DEMO_SUBMITTER = "demo-submitter";

    public LocalConsortium(Path dir) {
        this(dir, false);
    }

    /** The consortium in {@code dir}, created there first if it does not exist ({@link #created()}). */
    public static LocalConsortium ensure(Path dir) {
        LocalConsortium consortium = new LocalConsortium(dir);
        if (!Files.isRegularFile(consortium.genesisDir().resolve("ehr.json"))) {
            List<String> validators = CareChainService.validators().stream().map(CareChainService::instanceName).toList();
            try {
                ConsortiumSetup.create(dir, new ConsortiumSetup.Plan(CHAIN_ID, List.of(Channel.values()), validators,
                        List.of(DEMO_SUBMITTER), ProposerPolicyKind.LEAST_SIGNIFICANCE, 1_000_000_000L,
                        Genesis.Timeouts.DEFAULT), Instant.now().toEpochMilli());
            } catch (IOException e) {
                throw new ClusterException("cannot create the local consortium in " + dir + ": " + e.getMessage(), e);
            }
            return new LocalConsortium(dir, true);
        }
        return consortium;
    }

    public Path genesisDir() {
        return dir.resolve("genesis");
    }

    public Path keyFile(String memberId) {
        return ConsortiumSetup.keyFile(dir, memberId);
    }
}

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
 * The local cluster's consortium: four validators ({@code hospital1} to {@code hospital4}, run by
 * the processes {@code ledger-0} to {@code ledger-3}) on all four channels; a {@code demo-submitter}
 * and each EHR provider's change capture ({@code capture-hospital1}, ...) allowed to submit.
 * Created once and kept, so a restarted cluster continues its chains; one made by an older version
 * with other members is made anew.
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
        List<String> validators = CareChainService.validators().stream().map(CareChainService::validatorId).toList();
        List<String> submitters = new java.util.ArrayList<>(List.of(DEMO_SUBMITTER));
        CareChainService.ehrProviders().forEach(v -> submitters.add(captureSubmitter(v.validatorId())));
        if (!consortium.hasMembers(validators, submitters)) {
            try {
                ConsortiumSetup.create(dir, new ConsortiumSetup.Plan(CHAIN_ID, List.of(Channel.values()), validators,
                        submitters, ProposerPolicyKind.LEAST_SIGNIFICANCE, 1_000_000_000L,
                        Genesis.Timeouts.DEFAULT), Instant.now().toEpochMilli());
            } catch (IOException e) {
                throw new ClusterException("cannot create the local consortium in " + dir + ": " + e.getMessage(), e);
            }
            createProviderKeys(consortium);
            return new LocalConsortium(dir, true);
        }
        return consortium;
    }

    /**
     * Each EHR provider's secrets for record events: its own content salt and record key, and the
     * consortium's patient key, shared by all so their pseudonyms of one patient match.
     */
    private static void createProviderKeys(LocalConsortium consortium) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] patientKey = new byte[org.carechain.ehr.record.ProviderKeys.KEY_BYTES];
        random.nextBytes(patientKey);
        for (CareChainService validator : CareChainService.ehrProviders()) {
            String provider = validator.ehrProvider().orElseThrow();
            try {
                org.carechain.ehr.record.ProviderKeys.generate(random).withPatientKey(patientKey)
                        .writeTo(consortium.providerKeysDir(provider));
            } catch (IOException e) {
                throw new ClusterException("cannot write the keys of " + provider + ": " + e.getMessage(), e);
            }
        }
    }

    /** Where a provider's record-event secrets are: {@code ehr/<provider>/}. */
    public Path providerKeysDir(String provider) {
        return dir.resolve("ehr").resolve(provider);
    }

    /** The submitter id of a provider's change capture. */
    public static String captureSubmitter(String provider) {
        return "capture-" + provider;
    }

    /** Whether the ehr genesis exists and lists exactly these validators and submitters. */
    private boolean hasMembers(List<String> validators, List<String> submitters) {
        Path ehr = genesisDir().resolve("ehr.json");
        if (!Files.isRegularFile(ehr)) {
            return false;
        }
        try {
            Genesis genesis = org.carechain.ledger.core.genesis.GenesisJson.parse(Files.readString(ehr));
            return genesis.validators().stream().map(Genesis.Member::id).toList().equals(validators)
                    && genesis.submitters().stream().map(Genesis.Member::id).sorted().toList()
                            .equals(submitters.stream().sorted().toList());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    public Path genesisDir() {
        return dir.resolve("genesis");
    }

    public Path keyFile(String memberId) {
        return ConsortiumSetup.keyFile(dir, memberId);
    }
}

package org.carechain.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.proto.certificate.v1.ConsortiumGenesis;

/**
 * The local cluster's consortium: four validators ({@code hospital1} to {@code hospital4}, run by
 * the processes {@code ledger-0} to {@code ledger-3}) on all four channels; a {@code demo-submitter}
 * and each EHR provider's change capture ({@code capture-hospital1}, ...) allowed to submit, and
 * registration-service on {@code rbc} and certificate-service on {@code cbc}; and its PKI
 * ({@link LocalPki}), fixed in the cbc genesis. Created once and kept, so a restarted cluster
 * continues its chains; one made by an older version, with other members or without the PKI, is
 * made anew ({@link #replaced()}), and its chains start again.
 */
public record LocalConsortium(Path dir, boolean created, boolean replaced) {

    public static final String CHAIN_ID = "carechain-local";
    public static final String DEMO_SUBMITTER = "demo-submitter";
    /** Signs registration-service's batches; may submit to rbc only. */
    public static final String REGISTRATION_SUBMITTER = "registration-service";
    /** Signs certificate-service's batches; may submit to cbc only. */
    public static final String CERTIFICATE_SUBMITTER = "certificate-service";

    public LocalConsortium(Path dir) {
        this(dir, false, false);
    }

    /** The consortium in {@code dir}, created there first if it does not exist ({@link #created()}). */
    public static LocalConsortium ensure(Path dir) {
        LocalConsortium consortium = new LocalConsortium(dir);
        List<String> validators = CareChainService.validators().stream().map(CareChainService::validatorId).toList();
        List<String> submitters = new java.util.ArrayList<>(List.of(DEMO_SUBMITTER));
        CareChainService.ehrProviders().forEach(v -> submitters.add(captureSubmitter(v.validatorId())));
        if (!consortium.isCurrent(validators, submitters)) {
            boolean replaced = Files.exists(consortium.genesisDir());
            try {
                java.security.SecureRandom random = new java.security.SecureRandom();
                Instant now = Instant.now();
                TypedPayload trust = consortium.pki().create(random, now);
                TypedPayload searchOwners = consortium.search().create(random);
                ConsortiumSetup.create(dir, new ConsortiumSetup.Plan(CHAIN_ID, List.of(Channel.values()), validators,
                        submitters, ProposerPolicyKind.LEAST_SIGNIFICANCE, 1_000_000_000L, Genesis.Timeouts.DEFAULT,
                        Map.of(Channel.RBC, List.of(REGISTRATION_SUBMITTER), Channel.CBC, List.of(CERTIFICATE_SUBMITTER),
                                Channel.SEARCH, List.of(LocalSearch.ownerSubmitter(LocalSearch.OWNER))),
                        Map.of(Channel.CBC, List.of(trust), Channel.SEARCH, List.of(searchOwners))), now.toEpochMilli());
            } catch (IOException e) {
                throw new ClusterException("cannot create the local consortium in " + dir + ": " + e.getMessage(), e);
            }
            createProviderKeys(consortium);
            return new LocalConsortium(dir, true, replaced);
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
                // Keys of a replaced consortium go with its chains and EHR databases.
                deleteFiles(consortium.providerKeysDir(provider));
                org.carechain.ehr.record.ProviderKeys.generate(random).withPatientKey(patientKey)
                        .writeTo(consortium.providerKeysDir(provider));
            } catch (IOException e) {
                throw new ClusterException("cannot write the keys of " + provider + ": " + e.getMessage(), e);
            }
        }
    }

    private static void deleteFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
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

    /**
     * Whether this version made the consortium: the ehr genesis lists exactly these validators and
     * submitters, rbc and cbc also list their service's submitter, the PKI files are all there, and
     * the cbc genesis fixes this CA's root.
     */
    private boolean isCurrent(List<String> validators, List<String> submitters) {
        try {
            Genesis ehr = genesis(Channel.EHR);
            boolean members = ehr.validators().stream().map(Genesis.Member::id).toList().equals(validators)
                    && submitterIds(ehr).equals(sorted(submitters))
                    && submitterIds(genesis(Channel.RBC)).equals(sorted(with(submitters, REGISTRATION_SUBMITTER)))
                    && submitterIds(genesis(Channel.CBC)).equals(sorted(with(submitters, CERTIFICATE_SUBMITTER)))
                    && submitterIds(genesis(Channel.SEARCH)).equals(
                            sorted(with(submitters, LocalSearch.ownerSubmitter(LocalSearch.OWNER))))
                    && genesis(Channel.SEARCH).appState(LocalSearch.CONSORTIUM_TYPE_URL).isPresent();
            if (!members || !pki().complete() || !search().complete()) {
                return false;
            }
            byte[] trust = genesis(Channel.CBC).appState(LocalPki.CONSORTIUM_GENESIS_TYPE_URL)
                    .map(TypedPayload::value).orElse(null);
            byte[] caRoot = caRootDer();
            return trust != null && ConsortiumGenesis.parseFrom(trust).getTrustRootsList().stream()
                    .anyMatch(root -> java.util.Arrays.equals(root.toByteArray(), caRoot));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private Genesis genesis(Channel channel) throws IOException {
        return org.carechain.ledger.core.genesis.GenesisJson.parse(
                Files.readString(genesisDir().resolve(channel.id() + ".json")));
    }

    private byte[] caRootDer() throws IOException {
        try {
            return org.carechain.crypto.pki.CaCertificate.parsePem(pki().caCertificatePem()).toDer();
        } catch (org.carechain.crypto.pki.MalformedPkiDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<String> submitterIds(Genesis genesis) {
        return sorted(genesis.submitters().stream().map(Genesis.Member::id).toList());
    }

    private static List<String> with(List<String> ids, String id) {
        List<String> all = new java.util.ArrayList<>(ids);
        all.add(id);
        return all;
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    /** The consortium's PKI material: {@code pki/}. */
    /** The local search owner's keys. */
    public LocalSearch search() {
        return new LocalSearch(dir);
    }

    public LocalPki pki() {
        return new LocalPki(dir.resolve("pki"));
    }

    public Path genesisDir() {
        return dir.resolve("genesis");
    }

    public Path keyFile(String memberId) {
        return ConsortiumSetup.keyFile(dir, memberId);
    }
}

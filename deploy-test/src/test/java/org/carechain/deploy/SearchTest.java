package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * search-service's two modes (docs/operations.md, "Search keys"): the owner Deployment runs owner
 * mode only, with its keys from a Secret and the provider's record keys (its own, by prefix, and
 * patient.key) from another, both mounted read-only; the server Deployment runs server mode only
 * and hosts the owners listed in values. Both are off by default, and an owner or server that
 * could not work fails the install with the fix.
 */
class SearchTest {

    private static final HelmChart CHART = HelmChart.workingCopy();
    private static final Scenario SPLIT = Scenario.ci("search-split");
    private static final String OWNER = "carechain-search-owner";
    private static final String SERVER = "carechain-search-server";
    private static final String OWNER_KEYS = "/etc/carechain/search-owner-keys";
    private static final String PROVIDER_KEYS = "/etc/carechain/provider-keys";
    private static final String HOSPITAL1_KEY = "c53978485664b90cff13da0ec5a450dbaa686a41c2f48dceb7f1bb30b07a5c42";
    private static final String HOSPITAL2_KEY = "b6c7bb2bd6f028f2d04671bc4db87c9c947e21b1487b20eb69a9b4dde3d868e4";

    @Test
    void theOwnerRunsOwnerModeOnlyWithItsSettings() {
        Map<String, String> env = env(CHART.render(SPLIT).get(Deployment.class, OWNER));

        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("CARECHAIN_SEARCH_OWNER_ENABLED", "true"),
                Map.entry("CARECHAIN_SEARCH_OWNER_PROVIDER", "hospital1"),
                Map.entry("CARECHAIN_SEARCH_OWNER_KEY_FILE", OWNER_KEYS + "/owner.key"),
                Map.entry("CARECHAIN_SEARCH_OWNER_MASTER_KEY_FILE", OWNER_KEYS + "/master.key"),
                Map.entry("CARECHAIN_SEARCH_OWNER_PROVIDER_KEYS_DIR", PROVIDER_KEYS),
                Map.entry("CARECHAIN_SEARCH_OWNER_PROVIDER_KEYS_PREFIX", "hospital1."),
                Map.entry("CARECHAIN_SEARCH_OWNER_EHR_DB_NAME", "ehr_0"),
                Map.entry("CARECHAIN_SEARCH_OWNER_EPOCH_INTERVAL", "PT2S"),
                Map.entry("CARECHAIN_SEARCH_OWNER_GRANTS_ADMIN", "U,L,M,N,R,V"),
                Map.entry("CARECHAIN_SEARCH_OWNER_GRANTS_AUDITOR", "U,L,M,N"),
                Map.entry("CARECHAIN_SEARCH_OWNER_GRANTS_CLINICIAN", "U,L,M,N,R"),
                Map.entry("CARECHAIN_SEARCH_OWNER_GRANTS_RESEARCHER", "U,L"))),
                withPrefix(env, "CARECHAIN_SEARCH_OWNER_"));
        assertEquals("false", env.get("CARECHAIN_SEARCH_SERVER_ENABLED"), "the owner Deployment serves no owner's ciphertexts");
        assertEquals("carechain-search-server", env.get("CARECHAIN_SEARCH_SERVER_HOST"), "it pushes to this release's server");
        assertEquals("8080", env.get("CARECHAIN_SEARCH_SERVER_PORT"));
        assertEquals("carechain-ledger", env.get("CARECHAIN_LEDGER_HOST"), "it follows the ehr chain and anchors on search");
        assertEquals("carechain_search_owner", env.get("CARECHAIN_DB_NAME"), "its own database; the EHR database is on the same server");
        assertFalse(env.containsKey("CARECHAIN_SEARCH_SERVER_OWNERS"));
    }

    @Test
    void theOwnerReadsItsKeysAndOnlyItsProvidersRecordKeysReadOnly() {
        Deployment owner = CHART.render(SPLIT).get(Deployment.class, OWNER);

        Volume keys = mountedVolume(owner, OWNER_KEYS);
        assertNotNull(keys.getSecret(), "owner keys come from a Secret");
        assertEquals("hospital1-search-keys", keys.getSecret().getSecretName(), "search.owner.keys.existingSecret");
        assertEquals(0440, keys.getSecret().getDefaultMode(), "keys are readable by the owner and fsGroup only");
        assertEquals(List.of("owner.key", "master.key"), keys(keys.getSecret().getItems()));

        Volume provider = mountedVolume(owner, PROVIDER_KEYS);
        assertEquals("hospital-group-record-keys", provider.getSecret().getSecretName(), "search.owner.providerKeys.existingSecret");
        assertEquals(0440, provider.getSecret().getDefaultMode());
        assertEquals(List.of("hospital1.content-salt.key", "hospital1.record.key", "patient.key"),
                keys(provider.getSecret().getItems()),
                "only this provider's keys, under the names ProviderKeys.load reads with the prefix; never the submitter keys");

        Map<String, String> env = env(owner);
        for (String variable : List.of("CARECHAIN_SEARCH_OWNER_KEY_FILE", "CARECHAIN_SEARCH_OWNER_MASTER_KEY_FILE")) {
            String file = env.get(variable);
            assertEquals(OWNER_KEYS, file.substring(0, file.lastIndexOf('/')), variable);
            assertTrue(keys(keys.getSecret().getItems()).contains(file.substring(file.lastIndexOf('/') + 1)), variable + " is an item");
        }

        Deployment defaultNamed = CHART.render(SPLIT, Map.of("search.owner.keys.existingSecret", "", "search.owner.providerKeys.prefix", ""))
                .get(Deployment.class, OWNER);
        assertEquals("carechain-search-owner-keys", mountedVolume(defaultNamed, OWNER_KEYS).getSecret().getSecretName(),
                "the default name is <fullname>-search-owner-keys");
        assertEquals(List.of("content-salt.key", "record.key", "patient.key"),
                keys(mountedVolume(defaultNamed, PROVIDER_KEYS).getSecret().getItems()), "no prefix: a Secret of one provider's keys");
        assertEquals("", env(defaultNamed).get("CARECHAIN_SEARCH_OWNER_PROVIDER_KEYS_PREFIX"));
    }

    @Test
    void grantsBecomeOneVariablePerRole() {
        Scenario operations = Scenario.ci("operations");
        Map<String, String> defaults = withPrefix(env(CHART.render(operations).get(Deployment.class, OWNER)), "CARECHAIN_SEARCH_OWNER_GRANTS_");
        assertEquals(Map.of("CARECHAIN_SEARCH_OWNER_GRANTS_ADMIN", "U,L,M,N,R,V", "CARECHAIN_SEARCH_OWNER_GRANTS_AUDITOR", "U,L,M,N",
                "CARECHAIN_SEARCH_OWNER_GRANTS_CLINICIAN", "U,L,M,N,R"), defaults, "the chart's defaults are search-service's");
        assertFalse(env(CHART.render(operations, Map.of("search.owner.grants.admin", "null")).get(Deployment.class, OWNER))
                .containsKey("CARECHAIN_SEARCH_OWNER_GRANTS_ADMIN"), "null removes a default role: search-service's own default applies");

        Map<String, String> narrowed = env(render(withSplit("search: {owner: {grants: {clinician: [\"N\", \"M\"]}}}"), Map.of())
                .get(Deployment.class, OWNER));
        assertEquals("N,M", narrowed.get("CARECHAIN_SEARCH_OWNER_GRANTS_CLINICIAN"), "a role's list replaces the default");
        assertEquals("U,L,M,N", narrowed.get("CARECHAIN_SEARCH_OWNER_GRANTS_AUDITOR"), "other roles keep theirs");
    }

    @Test
    void theServerRunsServerModeOnlyForTheListedOwners() {
        Deployment server = CHART.render(SPLIT).get(Deployment.class, SERVER);
        Map<String, String> env = env(server);

        assertEquals("true", env.get("CARECHAIN_SEARCH_SERVER_ENABLED"));
        assertEquals("false", env.get("CARECHAIN_SEARCH_OWNER_ENABLED"), "the untrusted host holds no owner keys");
        assertEquals("hospital1:" + HOSPITAL1_KEY + ",hospital2:" + HOSPITAL2_KEY, env.get("CARECHAIN_SEARCH_SERVER_OWNERS"),
                "owner:hex, comma-separated, in the order listed; hex in lower case");
        assertEquals(Set.of("CARECHAIN_SEARCH_OWNER_ENABLED"), withPrefix(env, "CARECHAIN_SEARCH_OWNER_").keySet());
        Container container = server.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(container.getVolumeMounts().stream().noneMatch(mount -> mount.getMountPath().equals(OWNER_KEYS)
                || mount.getMountPath().equals(PROVIDER_KEYS)), "no key reaches the server");
    }

    /** An owner whose server is elsewhere (another release, a cloud host): it pushes to endpoints.searchServer. */
    @Test
    void anOwnerWithoutALocalServerPushesToTheConfiguredEndpoint() {
        RenderedRelease operations = CHART.render(Scenario.ci("operations"));
        Map<String, String> env = env(operations.get(Deployment.class, OWNER));

        assertEquals("search.example-cloud.net", env.get("CARECHAIN_SEARCH_SERVER_HOST"));
        assertEquals("443", env.get("CARECHAIN_SEARCH_SERVER_PORT"));
        assertTrue(operations.find(Deployment.class, SERVER).isEmpty());
        assertEquals("example-hospital-search-keys", mountedVolume(operations.get(Deployment.class, OWNER), OWNER_KEYS).getSecret().getSecretName());
    }

    /**
     * The owner's network paths: it calls the ledger and the search server over gRPC, and reads its
     * own and the EHR database on the services' PostgreSQL server; apps reach its token endpoint
     * through networkPolicy.restIngressFrom or search.owner.extraIngressFrom.
     */
    @Test
    void theNetworkPoliciesAdmitTheOwnersPaths() {
        RenderedRelease release = render(List.of(Scenario.ci("evaluation-db").valuesFiles().get(0), SPLIT.valuesFiles().get(0)), Map.of(
                "search.server.extraIngressFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "hospital2-search"));

        assertTrue(NetworkPeers.inReleaseCallers(release, "ledger").contains("search-owner"), "owner -> ledger (ehr chain, search anchors)");
        assertEquals(Set.of("search-owner"), NetworkPeers.inReleaseCallers(release, "search-server"), "owner -> server (PutUpdates)");
        assertTrue(NetworkPeers.inReleaseCallers(release, "postgresql").contains("search-owner"), "owner -> PostgreSQL (its database and the EHR database)");
        assertEquals(Set.of(), NetworkPeers.inReleaseCallers(release, "search-owner"), "nothing in the release calls the owner over gRPC");
        assertTrue(NetworkPeers.otherPeers(release, "search-owner").stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                "apps ask the owner for tokens through networkPolicy.restIngressFrom");
        assertTrue(NetworkPeers.otherPeers(release, "search-server").stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                && "hospital2-search".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                "owners of other releases through search.server.extraIngressFrom");

        Map<String, String> owner = env(release.get(Deployment.class, OWNER));
        assertEquals("carechain-postgresql", owner.get("CARECHAIN_DB_HOST"), "the EHR database is read on CARECHAIN_DB_HOST");
        String initdb = release.get(ConfigMap.class, "carechain-postgresql-initdb").getData().get("01-carechain-databases.sql");
        assertTrue(initdb.contains("CREATE DATABASE \"carechain_search_owner\";") && initdb.contains("CREATE DATABASE \"carechain_search_server\";"), initdb);
    }

    static Stream<Arguments> impossibleSettings() {
        return Stream.of(
                Arguments.of("an owner without a provider", Map.of("search.owner.provider", ""),
                        List.of("search.owner.enabled=true, but search.owner.provider is empty", "Fix: set search.owner.provider")),
                Arguments.of("an owner without an EHR database", Map.of("search.owner.ehrDatabase", ""),
                        List.of("search.owner.ehrDatabase is empty", "on postgresql:5432")),
                Arguments.of("an owner without the provider's record keys", Map.of("search.owner.providerKeys.existingSecret", ""),
                        List.of("search.owner.providerKeys.existingSecret is empty", "Secret carechain-ledger-capture-keys",
                                "the owner keys come from the Secret hospital1-search-keys")),
                Arguments.of("an owner without a search server", Map.of("search.server.enabled", "false"),
                        List.of("no search server to push", "endpoints.searchServer.host")),
                Arguments.of("an owner listed twice", Map.of("search.server.owners[1].owner", "hospital1"),
                        List.of("lists owner \"hospital1\" twice")),
                Arguments.of("a server that does not host this release's owner", Map.of("search.owner.provider", "hospital3"),
                        List.of("search.owner.provider is \"hospital3\", but search.server.owners does not list it",
                                "add {owner: hospital3")),
                // The schema.
                Arguments.of("an owner public key of 63 hex digits", Map.of("search.server.owners[0].publicKey", HOSPITAL1_KEY.substring(1)),
                        List.of("values don't meet the specifications of the schema", "publicKey")),
                Arguments.of("an owner public key that is not hex", Map.of("search.server.owners[0].publicKey", "z" + HOSPITAL1_KEY.substring(1)),
                        List.of("values don't meet the specifications of the schema", "publicKey")),
                Arguments.of("an owner without a public key", Map.of("search.server.owners[2].owner", "hospital3"),
                        List.of("values don't meet the specifications of the schema", "publicKey")),
                Arguments.of("an owner name the server refuses", Map.of("search.server.owners[0].owner", "Hospital_1"),
                        List.of("values don't meet the specifications of the schema", "owner")),
                Arguments.of("a provider id the server refuses", Map.of("search.owner.provider", "Hospital 1"),
                        List.of("values don't meet the specifications of the schema", "provider")),
                Arguments.of("an unknown security label", Map.of("search.owner.grants.clinician[1]", "X"),
                        List.of("values don't meet the specifications of the schema", "clinician.1 must be one of the following")),
                Arguments.of("a role name SmallRye cannot map back", Map.of("search.owner.grants.care-team[0]", "U"),
                        List.of("values don't meet the specifications of the schema", "Property name of \"care-team\" does not match")),
                Arguments.of("an epoch interval in Go syntax", Map.of("search.owner.epochInterval", "1s"),
                        List.of("values don't meet the specifications of the schema", "epochInterval")),
                Arguments.of("an EHR database name PostgreSQL refuses", Map.of("search.owner.ehrDatabase", "EHR-0"),
                        List.of("values don't meet the specifications of the schema", "ehrDatabase")),
                Arguments.of("a key prefix that is a path", Map.of("search.owner.providerKeys.prefix", "../ledger/"),
                        List.of("values don't meet the specifications of the schema", "prefix")),
                Arguments.of("a misspelt owner key", Map.of("search.owner.keys.secret", "keys"),
                        List.of("values don't meet the specifications of the schema", "secret")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleSettings")
    void failsWithAFixHint(String description, Map<String, String> sets, List<String> expectedInMessage) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> CHART.template(SPLIT.valuesFiles(), sets), description + " rendered");

        for (String expected : expectedInMessage) {
            assertTrue(failure.getMessage().contains(expected),
                    () -> description + ": message lacks \"" + expected + "\":\n" + failure.getMessage());
        }
    }

    /** Lists replaced whole, which --set cannot do: each in a values file over the search-split scenario. */
    static Stream<Arguments> impossibleLists() {
        return Stream.of(
                Arguments.of("a server that hosts nobody", "search: {server: {owners: []}}",
                        List.of("search.server.enabled=true, but search.server.owners is empty", "refuse every owner's push")),
                Arguments.of("a role with no label", "search: {owner: {grants: {clinician: []}}}",
                        List.of("values don't meet the specifications of the schema", "clinician")),
                Arguments.of("a label given twice", "search: {owner: {grants: {clinician: [\"U\", \"U\"]}}}",
                        List.of("values don't meet the specifications of the schema", "clinician")),
                Arguments.of("a bare N, which YAML reads as false", "search: {owner: {grants: {auditor: [U, L, M, N]}}}",
                        List.of("values don't meet the specifications of the schema", "auditor.3: Invalid type. Expected: string, given: boolean")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleLists")
    void impossibleListsFailWithAFixHint(String description, String yaml, List<String> expectedInMessage) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> CHART.template(withSplit(yaml), Map.of()), description + " rendered");

        for (String expected : expectedInMessage) {
            assertTrue(failure.getMessage().contains(expected),
                    () -> description + ": message lacks \"" + expected + "\":\n" + failure.getMessage());
        }
    }

    @Test
    void anOwnerOnItsOwnNeedsItsProviderEhrDatabaseAndRecordKeys() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> CHART.template(List.of(), Map.of("search.owner.enabled", "true")));
        for (String expected : List.of("search.owner.provider is empty", "search.owner.ehrDatabase is empty",
                "search.owner.providerKeys.existingSecret is empty", "no search server to push")) {
            assertTrue(failure.getMessage().contains(expected), () -> "lacks \"" + expected + "\":\n" + failure.getMessage());
        }
    }

    /** Search off (the default), or only elsewhere: no owner key, owner setting or mode variable anywhere. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenariosWithoutAnOwner")
    void withoutAnOwnerNoSearchKeyIsMountedOrConfigured(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        List<String> problems = new ArrayList<>();
        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (variable.getName().startsWith("CARECHAIN_SEARCH_") && !variable.getName().startsWith("CARECHAIN_SEARCH_SERVER_")) {
                        problems.add(owner.describe() + ": " + variable.getName());
                    }
                }
                for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
                    if (mount.getMountPath().equals(OWNER_KEYS) || mount.getMountPath().equals(PROVIDER_KEYS)) {
                        problems.add(owner.describe() + ": mounts " + mount.getMountPath());
                    }
                }
            }
        }
        assertEquals(List.of(), problems, () -> scenario + " renders search owner settings");
    }

    static List<Scenario> scenariosWithoutAnOwner() {
        return Scenario.all().stream().filter(scenario -> !scenario.equals(SPLIT) && !scenario.name().equals("operations")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allScenarios")
    void noDeploymentSetsTheRetiredModeVariable(Scenario scenario) {
        for (Deployment deployment : CHART.render(scenario).all(Deployment.class)) {
            assertFalse(env(deployment).containsKey("CARECHAIN_SEARCH_MODE"), deployment.getMetadata().getName());
        }
    }

    static List<Scenario> allScenarios() {
        return Scenario.all();
    }

    /** The search-split scenario, then a values file holding {@code yaml}. */
    private static List<Path> withSplit(String yaml) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "values-under-test"));
            Path file = Files.createTempFile(parent.toAbsolutePath(), "search-", "-values.yaml");
            Files.writeString(file, yaml + "\n");
            return List.of(SPLIT.valuesFiles().get(0), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RenderedRelease render(List<Path> valuesFiles, Map<String, String> sets) {
        return RenderedRelease.parse(CHART.template(valuesFiles, sets));
    }

    private static Volume mountedVolume(Deployment deployment, String mountPath) {
        var spec = deployment.getSpec().getTemplate().getSpec();
        VolumeMount mount = spec.getContainers().get(0).getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + ": nothing mounted at " + mountPath));
        assertTrue(Boolean.TRUE.equals(mount.getReadOnly()), mountPath + " must be read-only");
        return spec.getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())).findFirst().orElseThrow();
    }

    private static List<String> keys(List<KeyToPath> items) {
        items.forEach(item -> assertEquals(item.getKey(), item.getPath(), "mounted under its own name"));
        return items.stream().map(KeyToPath::getKey).toList();
    }

    private static Map<String, String> env(Deployment deployment) {
        Map<String, String> env = new TreeMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }

    private static Map<String, String> withPrefix(Map<String, String> env, String prefix) {
        Map<String, String> selected = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                selected.put(name, value);
            }
        });
        return selected;
    }
}

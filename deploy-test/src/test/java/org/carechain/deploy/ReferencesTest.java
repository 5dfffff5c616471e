package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Secret and ConfigMap a pod or Ingress names, down to the key, is either rendered by the
 * chart or one of the inputs the operator creates before installing (docs/operations.md,
 * "Install"). Those inputs are listed here per scenario, so a new reference cannot slip in
 * unnoticed, and validator keys never come from the chart.
 */
class ReferencesTest {

    private static final HelmChart CHART = HelmChart.workingCopy();

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of(Scenario.DEFAULTS, union(
                        validatorKeys("carechain-ledger-validator-keys", 4),
                        Set.of("Secret/carechain-postgresql:password",
                                "ConfigMap/carechain-jwt:public-key.pem"),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("minimal"), union(
                        validatorKeys("carechain-ledger-validator-keys", 1),
                        Set.of("Secret/carechain-postgresql:password", "ConfigMap/carechain-jwt:public-key.pem"),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("external-db"), union(
                        validatorKeys("carechain-validator-keys", 4),
                        Set.of("Secret/carechain-db-credentials:db-password"),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("validators-7"), union(
                        validatorKeys("carechain-ledger-validator-keys", 7),
                        Set.of("Secret/carechain-postgresql:password", "ConfigMap/carechain-jwt:public-key.pem"))),
                Arguments.of(Scenario.ci("search-split"), union(
                        validatorKeys("carechain-ledger-validator-keys", 4),
                        Set.of("Secret/carechain-postgresql:password", "ConfigMap/carechain-jwt:public-key.pem",
                                "Secret/search-example-cloud-net-tls"),
                        searchOwnerKeys("hospital1-search-keys", "hospital-group-record-keys", "hospital1."),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("evaluation-db"), union(
                        validatorKeys("carechain-ledger-validator-keys", 4),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("capture"), union(
                        validatorKeys("carechain-ledger-validator-keys", 4),
                        captureKeys("carechain-ledger-capture-keys", 4),
                        Set.of("Secret/carechain-postgresql:password", "ConfigMap/carechain-jwt:public-key.pem",
                                "Secret/ehr-db-credentials:capture-password"),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("pki"), union(
                        validatorKeys("carechain-ledger-validator-keys", 4),
                        Set.of("Secret/carechain-postgresql:password",
                                "Secret/carechain-registration-keys:submitter.key",
                                "Secret/carechain-registration-keys:credential.key",
                                "Secret/carechain-registration-keys:commitment.key",
                                "Secret/ca-1-keys:ca.key", "Secret/ca-1-keys:ca.pem",
                                "Secret/ca-1-keys:submitter.key", "Secret/ca-1-keys:token.pem"),
                        genesis("carechain-ledger-genesis"))),
                Arguments.of(Scenario.ci("operations"), union(
                        validatorKeys("carechain-ledger-validator-keys", 4),
                        Set.of("Secret/carechain-postgresql:password", "ConfigMap/carechain-jwt:public-key.pem",
                                "Secret/registry-credentials", "Secret/ledger-tls", "Secret/registration-tls"),
                        searchOwnerKeys("example-hospital-search-keys", "example-hospital-record-keys", ""),
                        genesis("carechain-ledger-genesis"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyReferenceResolvesToARenderedObjectOrADocumentedInput(Scenario scenario, Set<String> operatorInputs) {
        RenderedRelease release = CHART.render(scenario);
        Set<String> unresolved = new TreeSet<>();
        for (String reference : references(release)) {
            if (!resolves(release, reference)) {
                unresolved.add(reference);
            }
        }
        assertEquals(new TreeSet<>(operatorInputs), unresolved,
                () -> scenario + ": references the chart does not render, against the documented operator inputs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theChartNeverRendersValidatorKeys(Scenario scenario, Set<String> operatorInputs) {
        RenderedRelease release = CHART.render(scenario);
        List<String> keyMaterial = release.all(Secret.class).stream()
                .flatMap(secret -> Stream.concat(
                        secret.getData() == null ? Stream.empty() : secret.getData().keySet().stream(),
                        secret.getStringData() == null ? Stream.empty() : secret.getStringData().keySet().stream())
                        .filter(key -> key.endsWith(".key"))
                        .map(key -> secret.getMetadata().getName() + ":" + key))
                .toList();
        assertEquals(List.of(), keyMaterial);
    }

    /** "Kind/name:key", or "Kind/name" for a reference to the whole object. */
    private static List<String> references(RenderedRelease release) {
        List<String> references = new ArrayList<>();
        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            if (owner.spec().getImagePullSecrets() != null) {
                for (LocalObjectReference pullSecret : owner.spec().getImagePullSecrets()) {
                    references.add("Secret/" + pullSecret.getName());
                }
            }
            List<Volume> volumes = owner.spec().getVolumes() == null ? List.of() : owner.spec().getVolumes();
            for (Volume volume : volumes) {
                if (volume.getSecret() != null) {
                    addVolume(references, "Secret", volume.getSecret().getSecretName(), volume.getSecret().getItems());
                }
                if (volume.getConfigMap() != null) {
                    addVolume(references, "ConfigMap", volume.getConfigMap().getName(), volume.getConfigMap().getItems());
                }
                if (volume.getProjected() != null) {
                    throw new AssertionError(owner.describe() + ": projected volumes are not checked yet");
                }
            }
            for (Container container : owner.spec().getContainers()) {
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        references.add("Secret/" + env.getValueFrom().getSecretKeyRef().getName() + ":" + env.getValueFrom().getSecretKeyRef().getKey());
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        references.add("ConfigMap/" + env.getValueFrom().getConfigMapKeyRef().getName() + ":" + env.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                }
                for (EnvFromSource source : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
                    if (source.getSecretRef() != null) {
                        references.add("Secret/" + source.getSecretRef().getName());
                    }
                    if (source.getConfigMapRef() != null) {
                        references.add("ConfigMap/" + source.getConfigMapRef().getName());
                    }
                }
            }
            if (owner.owner() instanceof StatefulSet statefulSet) {
                references.addAll(validatorKeyReferences(statefulSet, volumes));
                references.addAll(captureKeyReferences(statefulSet, volumes));
            }
        }
        for (Ingress ingress : release.all(Ingress.class)) {
            for (IngressTLS tls : ingress.getSpec().getTls() == null ? List.<IngressTLS>of() : ingress.getSpec().getTls()) {
                references.add("Secret/" + tls.getSecretName());
            }
        }
        // A whole-object reference adds nothing when the keys read from that object are listed.
        references.removeIf(reference -> !reference.contains(":")
                && references.stream().anyMatch(other -> other.startsWith(reference + ":")));
        return references;
    }

    /** CARECHAIN_LEDGER_VALIDATOR_KEY_FILE=<dir>/$(CARECHAIN_LEDGER_NODE_ID).key: each pod reads <pod-name>.key. */
    private static List<String> validatorKeyReferences(StatefulSet statefulSet, List<Volume> volumes) {
        Container ledger = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
        String keyFile = ledger.getEnv().stream().filter(env -> env.getName().equals("CARECHAIN_LEDGER_VALIDATOR_KEY_FILE"))
                .map(EnvVar::getValue).findFirst().orElse(null);
        if (keyFile == null) {
            return List.of();
        }
        String directory = keyFile.substring(0, keyFile.lastIndexOf('/'));
        assertEquals(directory + "/$(CARECHAIN_LEDGER_NODE_ID).key", keyFile);
        String volumeName = ledger.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals(directory))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + directory)).getName();
        Volume volume = volumes.stream().filter(candidate -> candidate.getName().equals(volumeName)).findFirst().orElseThrow();
        String secret = volume.getSecret().getSecretName();
        String statefulSetName = statefulSet.getMetadata().getName();
        return IntStream.range(0, statefulSet.getSpec().getReplicas())
                .mapToObj(ordinal -> "Secret/" + secret + ":" + statefulSetName + "-" + ordinal + ".key")
                .toList();
    }

    /**
     * Capture reads, in CARECHAIN_CAPTURE_KEYS_DIR, <prefix>content-salt.key and <prefix>record.key
     * with prefix $(CARECHAIN_LEDGER_NODE_ID)., the shared patient.key, and the submitter key file.
     */
    private static List<String> captureKeyReferences(StatefulSet statefulSet, List<Volume> volumes) {
        Map<String, String> env = LedgerTopologyTest.env(statefulSet);
        String directory = env.get("CARECHAIN_CAPTURE_KEYS_DIR");
        if (directory == null) {
            return List.of();
        }
        assertEquals("$(CARECHAIN_LEDGER_NODE_ID).", env.get("CARECHAIN_CAPTURE_KEYS_PREFIX"));
        assertEquals(directory + "/$(CARECHAIN_LEDGER_NODE_ID).submitter.key", env.get("CARECHAIN_CAPTURE_SUBMITTER_KEY_FILE"));
        Container ledger = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
        String volumeName = ledger.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals(directory))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + directory)).getName();
        String secret = volumes.stream().filter(candidate -> candidate.getName().equals(volumeName)).findFirst().orElseThrow()
                .getSecret().getSecretName();
        List<String> references = new ArrayList<>();
        references.add("Secret/" + secret + ":patient.key");
        IntStream.range(0, statefulSet.getSpec().getReplicas()).forEach(ordinal -> List.of("content-salt.key", "record.key", "submitter.key")
                .forEach(file -> references.add("Secret/" + secret + ":" + statefulSet.getMetadata().getName() + "-" + ordinal + "." + file)));
        return references;
    }

    private static void addVolume(List<String> references, String kind, String name, List<KeyToPath> items) {
        if (items == null || items.isEmpty()) {
            references.add(kind + "/" + name);
        } else {
            items.forEach(item -> references.add(kind + "/" + name + ":" + item.getKey()));
        }
    }

    private static boolean resolves(RenderedRelease release, String reference) {
        String kind = reference.substring(0, reference.indexOf('/'));
        String rest = reference.substring(reference.indexOf('/') + 1);
        String name = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        String key = rest.contains(":") ? rest.substring(rest.indexOf(':') + 1) : null;
        if (kind.equals("Secret")) {
            return release.find(Secret.class, name)
                    .map(secret -> key == null || has(secret.getData(), key) || has(secret.getStringData(), key))
                    .orElse(false);
        }
        return release.find(ConfigMap.class, name)
                .map(configMap -> key == null || has(configMap.getData(), key) || has(configMap.getBinaryData(), key))
                .orElse(false);
    }

    private static boolean has(Map<String, String> data, String key) {
        return data != null && data.containsKey(key);
    }

    private static Set<String> validatorKeys(String secret, int validators) {
        Set<String> keys = new TreeSet<>();
        IntStream.range(0, validators).forEach(i -> keys.add("Secret/" + secret + ":carechain-ledger-" + i + ".key"));
        return keys;
    }

    private static Set<String> captureKeys(String secret, int validators) {
        Set<String> keys = new TreeSet<>(Set.of("Secret/" + secret + ":patient.key"));
        IntStream.range(0, validators).forEach(i -> List.of("content-salt.key", "record.key", "submitter.key")
                .forEach(file -> keys.add("Secret/" + secret + ":carechain-ledger-" + i + "." + file)));
        return keys;
    }

    /** The search owner's keys and, from the provider's record keys Secret, only its own (by prefix) and patient.key. */
    private static Set<String> searchOwnerKeys(String secret, String providerSecret, String prefix) {
        return Set.of("Secret/" + secret + ":owner.key", "Secret/" + secret + ":master.key",
                "Secret/" + providerSecret + ":" + prefix + "content-salt.key", "Secret/" + providerSecret + ":" + prefix + "record.key",
                "Secret/" + providerSecret + ":patient.key");
    }

    private static Set<String> genesis(String configMap) {
        Set<String> keys = new TreeSet<>();
        List.of("ehr", "rbc", "cbc", "search").forEach(channel -> keys.add("ConfigMap/" + configMap + ":" + channel + ".json"));
        return keys;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}

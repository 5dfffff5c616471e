package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Change capture (docs/ehr-capture.md, docs/operations.md "Change capture"): with
 * {@code ledger.capture.enabled} every validator gets the CARECHAIN_CAPTURE_* contract of
 * ledger-service, the capture keys Secret read-only, and its own EHR database and replication
 * slot; without it the chart renders exactly what it rendered before capture existed.
 */
class CaptureTest {

    private static final HelmChart CHART = HelmChart.workingCopy();
    private static final String LEDGER = "carechain-ledger";
    private static final String KEYS_DIR = "/etc/carechain/capture-keys";
    private static final Scenario CAPTURE = Scenario.ci("capture");
    private static final Pattern KUBERNETES_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern SMALLRYE_EXPRESSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    @Test
    void everyValidatorGetsTheCaptureContract() {
        StatefulSet ledger = CHART.render(CAPTURE).get(StatefulSet.class, LEDGER);
        Map<String, String> env = captureEnv(ledger);

        assertEquals(Map.ofEntries(
                Map.entry("CARECHAIN_CAPTURE_ENABLED", "true"),
                Map.entry("CARECHAIN_CAPTURE_KEYS_DIR", KEYS_DIR),
                Map.entry("CARECHAIN_CAPTURE_KEYS_PREFIX", "$(CARECHAIN_LEDGER_NODE_ID)."),
                Map.entry("CARECHAIN_CAPTURE_SUBMITTER_KEY_FILE", KEYS_DIR + "/$(CARECHAIN_LEDGER_NODE_ID).submitter.key"),
                Map.entry("CARECHAIN_CAPTURE_DB_HOST", "ehr-postgresql.hospital.example.internal"),
                Map.entry("CARECHAIN_CAPTURE_DB_PORT", "5433"),
                Map.entry("CARECHAIN_CAPTURE_DB_USER", "carechain_capture"),
                Map.entry("CARECHAIN_CAPTURE_DB_NAME", "ehr_$(CARECHAIN_LEDGER_POD_INDEX)"),
                Map.entry("CARECHAIN_CAPTURE_SLOT", "carechain_capture_$(CARECHAIN_LEDGER_POD_INDEX)"),
                Map.entry("CARECHAIN_CAPTURE_PUBLICATION", "carechain_capture"),
                Map.entry("CARECHAIN_CAPTURE_CREATE_MISSING", "true"),
                Map.entry("CARECHAIN_CAPTURE_MAX_RETAINED_WAL_BYTES", "4294967296")), env);
        assertEquals(new SecretKeySelector("capture-password", "ehr-db-credentials", null), passwordRef(ledger));

        List<EnvVar> all = container(ledger).getEnv();
        for (EnvVar variable : all) {
            if (variable.getValue() != null && variable.getValue().contains("$(")) {
                Matcher reference = KUBERNETES_REFERENCE.matcher(variable.getValue());
                while (reference.find()) {
                    assertTrue(indexOf(all, reference.group(1)) >= 0 && indexOf(all, reference.group(1)) < all.indexOf(variable),
                            variable.getName() + " must follow " + reference.group(1) + ", which Kubernetes expands in it");
                }
            }
        }
    }

    @Test
    void theKeysSecretIsMountedReadOnlyWhereCaptureReadsIt() {
        StatefulSet ledger = CHART.render(CAPTURE).get(StatefulSet.class, LEDGER);
        VolumeMount mount = container(ledger).getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(KEYS_DIR)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + KEYS_DIR));
        Volume volume = ledger.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(mount.getName())).findFirst().orElseThrow();

        assertTrue(mount.getReadOnly(), "capture keys must be read-only");
        assertNotNull(volume.getSecret(), "capture keys come from a Secret");
        assertEquals("carechain-ledger-capture-keys", volume.getSecret().getSecretName(), "the default name is <fullname>-ledger-capture-keys");
        assertEquals(0440, volume.getSecret().getDefaultMode(), "keys are readable by the owner and fsGroup only");

        // What ledger-service opens in pod 2: <keys-dir>/<prefix>content-salt.key and record.key, and patient.key.
        Map<String, String> pod2 = podEnvironment(ledger, 2);
        String prefix = pod2.get("CARECHAIN_CAPTURE_KEYS_DIR") + "/" + pod2.get("CARECHAIN_CAPTURE_KEYS_PREFIX");
        assertEquals(KEYS_DIR + "/carechain-ledger-2.content-salt.key", prefix + "content-salt.key");
        assertEquals(KEYS_DIR + "/carechain-ledger-2.submitter.key", pod2.get("CARECHAIN_CAPTURE_SUBMITTER_KEY_FILE"));

        StatefulSet named = CHART.render(CAPTURE, Map.of("ledger.capture.existingSecret", "hospital-capture-keys"))
                .get(StatefulSet.class, LEDGER);
        assertTrue(named.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(candidate -> candidate.getSecret() != null && "hospital-capture-keys".equals(candidate.getSecret().getSecretName())));
    }

    @Test
    void eachValidatorCapturesItsOwnDatabaseThroughItsOwnSlot() {
        StatefulSet ledger = CHART.render(CAPTURE, Map.of("ledger.validators", "7")).get(StatefulSet.class, LEDGER);

        for (int i = 0; i < 7; i++) {
            Map<String, String> pod = podEnvironment(ledger, i);
            assertEquals("ehr_" + i, pod.get("CARECHAIN_CAPTURE_DB_NAME"), "pod " + i);
            assertEquals("carechain_capture_" + i, pod.get("CARECHAIN_CAPTURE_SLOT"), "pod " + i + ": slot names are per server");
        }
    }

    @Test
    void aListOfDatabaseNamesGivesValidatorIItemI() {
        List<String> names = List.of("hospital_a_ehr", "hospital_b_ehr", "clinic_c", "lab_d");
        Map<String, String> sets = new TreeMap<>();
        IntStream.range(0, names.size()).forEach(i -> sets.put("ledger.capture.database.names[" + i + "]", names.get(i)));
        StatefulSet ledger = CHART.render(CAPTURE, sets).get(StatefulSet.class, LEDGER);

        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), podEnvironment(ledger, i).get("CARECHAIN_CAPTURE_DB_NAME"), "pod " + i);
            assertEquals("carechain_capture_" + i, podEnvironment(ledger, i).get("CARECHAIN_CAPTURE_SLOT"));
        }
    }

    @Test
    void defaultsFollowTheLedgersOwnDatabaseSettings() {
        StatefulSet ledger = CHART.render(Scenario.DEFAULTS, Map.of(
                        "ledger.capture.enabled", "true", "ledger.capture.database.host", "ehr-postgresql"))
                .get(StatefulSet.class, LEDGER);
        Map<String, String> env = captureEnv(ledger);

        assertEquals("5432", env.get("CARECHAIN_CAPTURE_DB_PORT"));
        assertEquals("carechain", env.get("CARECHAIN_CAPTURE_DB_USER"), "postgresql.auth.username");
        assertEquals(new SecretKeySelector("password", "carechain-postgresql", null), passwordRef(ledger), "the ledger's password Secret");
        assertEquals("1073741824", env.get("CARECHAIN_CAPTURE_MAX_RETAINED_WAL_BYTES"), "1 GiB, ledger-service's default");
        assertEquals("true", env.get("CARECHAIN_CAPTURE_CREATE_MISSING"));
        assertEquals("ehr_$(CARECHAIN_LEDGER_POD_INDEX)", env.get("CARECHAIN_CAPTURE_DB_NAME"));
    }

    /** Capture adds its variables, mount and volume to the StatefulSet, and changes nothing else. */
    @Test
    void enablingCaptureAddsOnlyCapture() {
        RenderedRelease without = CHART.render(Scenario.DEFAULTS);
        RenderedRelease with = CHART.render(CAPTURE);

        assertEquals(without.names(), with.names(), "capture renders no object of its own");
        for (RenderedRelease.Manifest manifest : with.manifests()) {
            if (manifest.resource() instanceof StatefulSet statefulSet && statefulSet.getMetadata().getName().equals(LEDGER)) {
                assertEquals(without.get(StatefulSet.class, LEDGER), withoutCapture(statefulSet));
            } else {
                assertTrue(without.manifests().stream().anyMatch(other -> other.yaml().equals(manifest.yaml())),
                        () -> manifest.describe() + " changed with capture");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenariosWithoutCapture")
    void withoutCaptureNothingCaptureRelatedIsRendered(Scenario scenario) {
        String rendered = CHART.template(scenario.valuesFiles(), Map.of());

        assertFalse(rendered.toLowerCase().contains("capture"), () -> scenario + " renders capture settings:\n" + rendered);
    }

    static List<Scenario> scenariosWithoutCapture() {
        return Scenario.all().stream().filter(scenario -> !scenario.equals(CAPTURE)).toList();
    }

    /**
     * k8s/overlays/capture patches k8s/ into what the chart renders with ci/capture-values.yaml.
     * The patch is applied here as kustomize's strategic merge does for these lists: env and
     * volumes merge by name, volumeMounts by mountPath, new items go last.
     */
    @Test
    void theK8sCaptureOverlayIsTheChartWithCapture() throws java.io.IOException {
        java.nio.file.Path k8s = HelmChart.repositoryRoot().resolve("k8s");
        java.nio.file.Path overlay = k8s.resolve("overlays/capture");
        String kustomization = java.nio.file.Files.readString(overlay.resolve("kustomization.yaml"));
        assertTrue(kustomization.contains("resources:\n  - ../../\n"), "the overlay builds on k8s/");
        assertTrue(kustomization.contains("patches:\n  - path: statefulset-capture.yaml\n"));

        StatefulSet base = RenderedRelease.parse(java.nio.file.Files.readString(k8s.resolve("ledger/statefulset.yaml")))
                .get(StatefulSet.class, LEDGER);
        StatefulSet patch = RenderedRelease.parse(java.nio.file.Files.readString(overlay.resolve("statefulset-capture.yaml")))
                .get(StatefulSet.class, LEDGER);
        Container container = container(base);
        assertEquals(container.getName(), container(patch).getName(), "the patch names the ledger container");
        container.setEnv(mergeByKey(container.getEnv(), container(patch).getEnv(), EnvVar::getName));
        container.setVolumeMounts(mergeByKey(container.getVolumeMounts(), container(patch).getVolumeMounts(), VolumeMount::getMountPath));
        var spec = base.getSpec().getTemplate().getSpec();
        spec.setVolumes(mergeByKey(spec.getVolumes(), patch.getSpec().getTemplate().getSpec().getVolumes(), Volume::getName));

        assertEquals(CHART.render(CAPTURE).get(StatefulSet.class, LEDGER), base,
                "k8s/overlays/capture drifted from the chart rendered with ci/capture-values.yaml");
    }

    private static <T> List<T> mergeByKey(List<T> base, List<T> patch, java.util.function.Function<T, String> key) {
        List<T> merged = new ArrayList<>(base);
        for (T item : patch) {
            int index = IntStream.range(0, merged.size()).filter(i -> key.apply(merged.get(i)).equals(key.apply(item))).findFirst().orElse(-1);
            if (index >= 0) {
                merged.set(index, item);
            } else {
                merged.add(item);
            }
        }
        return merged;
    }

    /** Pod i's environment as the container sees it: $(VAR) expanded by Kubernetes, then ${VAR} by SmallRye Config. */
    static Map<String, String> podEnvironment(StatefulSet statefulSet, int ordinal) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (EnvVar variable : container(statefulSet).getEnv()) {
            if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
                String field = variable.getValueFrom().getFieldRef().getFieldPath();
                resolved.put(variable.getName(), switch (field) {
                    case "metadata.name" -> statefulSet.getMetadata().getName() + "-" + ordinal;
                    case "metadata.labels['apps.kubernetes.io/pod-index']" -> Integer.toString(ordinal);
                    default -> throw new AssertionError("unexpected downward API field " + field);
                });
            } else if (variable.getValue() != null) {
                // Kubernetes expands $(VAR) only for variables defined earlier in the list.
                resolved.put(variable.getName(), replace(KUBERNETES_REFERENCE, variable.getValue(), resolved));
            }
        }
        Map<String, String> smallRye = new LinkedHashMap<>();
        resolved.forEach((name, value) -> smallRye.put(name, replace(SMALLRYE_EXPRESSION, value, resolved)));
        return smallRye;
    }

    private static String replace(Pattern pattern, String value, Map<String, String> variables) {
        Matcher matcher = pattern.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = variables.get(matcher.group(1));
            assertNotNull(replacement, "undefined variable " + matcher.group(1) + " in " + value);
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    static StatefulSet withoutCapture(StatefulSet statefulSet) {
        StatefulSet copy = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(statefulSet).build();
        var spec = copy.getSpec().getTemplate().getSpec();
        Container container = spec.getContainers().get(0);
        container.setEnv(new ArrayList<>(container.getEnv().stream().filter(variable -> !variable.getName().startsWith("CARECHAIN_CAPTURE_")).toList()));
        container.setVolumeMounts(new ArrayList<>(container.getVolumeMounts().stream().filter(mount -> !mount.getMountPath().equals(KEYS_DIR)).toList()));
        spec.setVolumes(new ArrayList<>(spec.getVolumes().stream().filter(volume -> !volume.getName().equals("capture-keys")).toList()));
        return copy;
    }

    private static Map<String, String> captureEnv(StatefulSet statefulSet) {
        Map<String, String> env = new TreeMap<>();
        LedgerTopologyTest.env(statefulSet).forEach((name, value) -> {
            if (name.startsWith("CARECHAIN_CAPTURE_")) {
                env.put(name, value);
            }
        });
        return env;
    }

    private static SecretKeySelector passwordRef(StatefulSet statefulSet) {
        return container(statefulSet).getEnv().stream().filter(variable -> variable.getName().equals("CARECHAIN_CAPTURE_DB_PASSWORD"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
    }

    private static Container container(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static int indexOf(List<EnvVar> env, String name) {
        return IntStream.range(0, env.size()).filter(i -> env.get(i).getName().equals(name)).findFirst().orElse(-1);
    }
}

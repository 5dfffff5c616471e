package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger: one StatefulSet pod per validator, stable peer DNS, the validator contract
 * (CARECHAIN_LEDGER_*), and a disruption budget that never lets more than f = floor((n-1)/3)
 * validators go down.
 */
class LedgerTopologyTest {

    private static final HelmChart CHART = HelmChart.workingCopy();
    private static final String LEDGER = "carechain-ledger";

    static Stream<Arguments> validatorSets() {
        // scenario, validators in the release, validators outside it
        return Stream.of(
                Arguments.of(Scenario.DEFAULTS, 4, 0),
                Arguments.of(Scenario.ci("minimal"), 1, 0),
                Arguments.of(Scenario.ci("validators-7"), 7, 0),
                Arguments.of(Scenario.ci("operations"), 4, 2));
    }

    @ParameterizedTest(name = "{0}: {1} validators + {2} outside")
    @MethodSource("validatorSets")
    void onePodPerValidatorWithStablePeerNames(Scenario scenario, int local, int external) {
        RenderedRelease release = CHART.render(scenario);
        StatefulSet ledger = release.get(StatefulSet.class, LEDGER);
        Service headless = release.get(Service.class, ledger.getSpec().getServiceName());

        assertEquals(local, ledger.getSpec().getReplicas());
        assertEquals("Parallel", ledger.getSpec().getPodManagementPolicy(), "validators must start together to form a quorum");
        assertEquals("None", headless.getSpec().getClusterIP());
        assertTrue(headless.getSpec().getPublishNotReadyAddresses(), "peers must resolve before they are ready");

        Map<String, String> env = env(ledger);
        List<String> peers = Arrays.asList(env.get("CARECHAIN_LEDGER_PEERS").split(","));
        assertEquals(local + external, peers.size(), "CARECHAIN_LEDGER_PEERS lists every validator");
        int port = ledger.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort();
        List<String> expectedLocal = IntStream.range(0, local)
                .mapToObj(i -> LEDGER + "-" + i + "=" + LEDGER + "-" + i + "." + headless.getMetadata().getName() + ":" + port)
                .toList();
        assertEquals(expectedLocal, peers.subList(0, local));
    }

    @ParameterizedTest(name = "{0}: {1} validators + {2} outside")
    @MethodSource("validatorSets")
    void theDisruptionBudgetAllowsAtMostFValidatorsDown(Scenario scenario, int local, int external) {
        RenderedRelease release = CHART.render(scenario);
        StatefulSet ledger = release.get(StatefulSet.class, LEDGER);
        int n = env(ledger).get("CARECHAIN_LEDGER_PEERS").split(",").length;
        int f = (n - 1) / 3;

        var budget = release.find(PodDisruptionBudget.class, LEDGER);
        if (scenario.name().equals("minimal")) {
            assertTrue(budget.isEmpty(), "the minimal scenario turns the budget off");
            return;
        }
        assertEquals(local + external, n);
        assertEquals(f, budget.orElseThrow().getSpec().getMaxUnavailable().getIntVal(), "maxUnavailable = f for n = " + n);
        assertEquals(ledger.getSpec().getSelector().getMatchLabels(), budget.get().getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theBudgetFollowsFAsValidatorsAreAdded() {
        for (int n = 4; n <= 13; n++) {
            RenderedRelease release = CHART.render(Scenario.DEFAULTS, Map.of("ledger.validators", Integer.toString(n)));
            int maxUnavailable = release.get(PodDisruptionBudget.class, LEDGER).getSpec().getMaxUnavailable().getIntVal();
            assertEquals((n - 1) / 3, maxUnavailable, "n = " + n);
            assertTrue(n >= 3 * maxUnavailable + 1, "n >= 3f+1 for n = " + n);
        }
    }

    @Test
    void everyValidatorGetsTheLedgerContract() {
        RenderedRelease release = CHART.render(Scenario.DEFAULTS);
        StatefulSet ledger = release.get(StatefulSet.class, LEDGER);
        Container container = ledger.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<EnvVar> env = container.getEnv();

        EnvVar nodeId = env.stream().filter(variable -> variable.getName().equals("CARECHAIN_LEDGER_NODE_ID")).findFirst().orElseThrow();
        assertEquals("metadata.name", nodeId.getValueFrom().getFieldRef().getFieldPath(), "the validator id is the pod name");
        int nodeIdIndex = env.indexOf(nodeId);
        List<String> dependents = env.stream()
                .filter(variable -> variable.getValue() != null && variable.getValue().contains("$(CARECHAIN_LEDGER_NODE_ID)"))
                .map(EnvVar::getName).toList();
        assertEquals(List.of("CARECHAIN_LEDGER_VALIDATOR_KEY_FILE"), dependents);
        dependents.forEach(name -> assertTrue(indexOf(env, name) > nodeIdIndex, name + " must follow the variable it expands"));
        assertTrue(indexOf(env, "CARECHAIN_DB_NAME") > indexOf(env, "CARECHAIN_LEDGER_POD_INDEX"));
        assertEquals("carechain_ledger_$(CARECHAIN_LEDGER_POD_INDEX)", env(ledger).get("CARECHAIN_DB_NAME"), "one database per validator");

        String genesisDir = env(ledger).get("CARECHAIN_LEDGER_GENESIS_DIR");
        Volume genesis = volumeMountedAt(ledger, container, genesisDir);
        assertNotNull(genesis.getConfigMap(), "the genesis comes from a ConfigMap");
        assertEquals(List.of("ehr.json", "rbc.json", "cbc.json", "search.json"),
                genesis.getConfigMap().getItems().stream().map(item -> item.getPath()).toList());

        String keyFile = env(ledger).get("CARECHAIN_LEDGER_VALIDATOR_KEY_FILE");
        Volume keys = volumeMountedAt(ledger, container, keyFile.substring(0, keyFile.lastIndexOf('/')));
        assertNotNull(keys.getSecret(), "validator keys come from a Secret");
        assertEquals(0440, keys.getSecret().getDefaultMode(), "keys are readable by the owner and fsGroup only");
    }

    @Test
    void externalPeersJoinThePeerList() {
        RenderedRelease release = CHART.render(Scenario.ci("operations"));
        List<String> peers = Arrays.asList(env(release.get(StatefulSet.class, LEDGER)).get("CARECHAIN_LEDGER_PEERS").split(","));

        assertEquals(List.of("org-b-ledger-0=ledger-0.org-b.example.net:443", "org-c-ledger-0=ledger-0.org-c.example.net:443"),
                peers.subList(4, 6));
    }

    @Test
    void validatorsSpreadOverNodes() {
        var soft = CHART.render(Scenario.DEFAULTS).get(StatefulSet.class, LEDGER).getSpec().getTemplate().getSpec().getAffinity();
        var hard = CHART.render(Scenario.ci("validators-7")).get(StatefulSet.class, LEDGER).getSpec().getTemplate().getSpec().getAffinity();

        assertFalse(soft.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty());
        assertFalse(hard.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty());
    }

    private static Volume volumeMountedAt(StatefulSet statefulSet, Container container, String path) {
        VolumeMount mount = container.getVolumeMounts().stream().filter(candidate -> candidate.getMountPath().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        assertTrue(mount.getReadOnly(), path + " must be read-only");
        return statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(mount.getName())).findFirst().orElseThrow();
    }

    private static int indexOf(List<EnvVar> env, String name) {
        return IntStream.range(0, env.size()).filter(i -> env.get(i).getName().equals(name)).findFirst().orElse(-1);
    }

    static Map<String, String> env(StatefulSet statefulSet) {
        Map<String, String> env = new java.util.TreeMap<>();
        for (EnvVar variable : statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (variable.getValue() != null) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        return env;
    }
}

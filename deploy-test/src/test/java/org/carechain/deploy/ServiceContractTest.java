package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration contract every service reads (docs/operations.md): the port, the database,
 * the JWT issuer and key, the search mode, and the images by configurable registry and tag.
 */
class ServiceContractTest {

    private static final HelmChart CHART = HelmChart.workingCopy();
    private static final List<String> CONTRACT = List.of(
            "QUARKUS_HTTP_PORT", "CARECHAIN_DB_HOST", "CARECHAIN_DB_PORT", "CARECHAIN_DB_USER",
            "CARECHAIN_DB_PASSWORD", "CARECHAIN_DB_NAME", "CARECHAIN_JWT_ISSUER", "CARECHAIN_JWT_AUDIENCE",
            "CARECHAIN_JWT_ALGORITHMS", "CARECHAIN_JWT_PUBLIC_KEY_LOCATION");

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @SuppressWarnings("unchecked")
    void everyServiceGetsTheConfigurationContract(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        Map<String, Object> jwt = (Map<String, Object>) HelmChart.values(scenario).get("jwt");
        List<String> problems = new ArrayList<>();

        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                if (!container.getName().endsWith("-service")) {
                    continue;
                }
                String where = owner.describe();
                Map<String, EnvVar> env = container.getEnv().stream()
                        .collect(Collectors.toMap(EnvVar::getName, variable -> variable, (a, b) -> {
                            problems.add(where + ": " + a.getName() + " set twice");
                            return b;
                        }, TreeMap::new));
                CONTRACT.stream().filter(name -> !env.containsKey(name)).forEach(name -> problems.add(where + ": no " + name));
                if (!env.keySet().containsAll(CONTRACT)) {
                    continue;
                }
                int httpPort = container.getPorts().stream().filter(port -> "http".equals(port.getName()))
                        .findFirst().orElseThrow().getContainerPort();
                if (!Integer.toString(httpPort).equals(env.get("QUARKUS_HTTP_PORT").getValue())) {
                    problems.add(where + ": QUARKUS_HTTP_PORT is not the http container port " + httpPort);
                }
                if (env.get("CARECHAIN_DB_PASSWORD").getValueFrom() == null
                        || env.get("CARECHAIN_DB_PASSWORD").getValueFrom().getSecretKeyRef() == null) {
                    problems.add(where + ": the database password does not come from a Secret");
                }
                for (String setting : List.of("issuer", "audience", "algorithms")) {
                    String variable = "CARECHAIN_JWT_" + setting.toUpperCase();
                    if (!jwt.get(setting).equals(env.get(variable).getValue())) {
                        problems.add(where + ": " + variable + " is not jwt." + setting);
                    }
                }
                String keyLocation = env.get("CARECHAIN_JWT_PUBLIC_KEY_LOCATION").getValue();
                String jwksUrl = (String) jwt.get("jwksUrl");
                if (!jwksUrl.isEmpty()) {
                    if (!jwksUrl.equals(keyLocation)) {
                        problems.add(where + ": CARECHAIN_JWT_PUBLIC_KEY_LOCATION is not jwt.jwksUrl");
                    }
                } else if (Boolean.TRUE.equals(jwt.get("useCertificateJwks"))) {
                    if (!"http://carechain-certificate:8080/.well-known/jwks.json".equals(keyLocation)) {
                        problems.add(where + ": CARECHAIN_JWT_PUBLIC_KEY_LOCATION " + keyLocation + " is not this release's certificate-service JWKS");
                    }
                    if (container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/etc/carechain/jwt"))) {
                        problems.add(where + ": mounts a PEM key it does not use");
                    }
                } else if (!keyLocation.startsWith("file:/") || !mountedFromConfigMap(owner, container, keyLocation.substring("file:".length()))) {
                    problems.add(where + ": the PEM key " + keyLocation + " is not a file mounted from a ConfigMap");
                }
            }
        }
        assertEquals(List.of(), problems, () -> scenario + ": configuration contract");
    }

    @Test
    void searchRunsInOwnerAndServerModeAsSeparateDeployments() {
        RenderedRelease release = CHART.render(Scenario.ci("search-split"));
        Map<String, String> owner = env(release.get(Deployment.class, "carechain-search-owner"));
        Map<String, String> server = env(release.get(Deployment.class, "carechain-search-server"));

        assertEquals(List.of("true", "false"), List.of(owner.get("CARECHAIN_SEARCH_OWNER_ENABLED"), owner.get("CARECHAIN_SEARCH_SERVER_ENABLED")));
        assertEquals(List.of("false", "true"), List.of(server.get("CARECHAIN_SEARCH_OWNER_ENABLED"), server.get("CARECHAIN_SEARCH_SERVER_ENABLED")));
        assertEquals("carechain-search-server", owner.get("CARECHAIN_SEARCH_SERVER_HOST"));
        assertFalse(server.containsKey("CARECHAIN_SEARCH_SERVER_HOST"));
        assertFalse(owner.containsKey("CARECHAIN_SEARCH_MODE") || server.containsKey("CARECHAIN_SEARCH_MODE"), "search-service reads no mode variable");
        assertNull(release.get(Deployment.class, "carechain-search-server").getSpec().getReplicas(), "the HPA owns the replica count");

        RenderedRelease defaults = CHART.render(Scenario.DEFAULTS);
        assertTrue(defaults.find(Deployment.class, "carechain-search-owner").isEmpty(), "the owner needs a provider's keys: off by default");
        assertTrue(defaults.find(Deployment.class, "carechain-search-server").isEmpty());
    }

    @Test
    void theEvaluationDatabaseIsTheServicesDatabase() {
        RenderedRelease release = CHART.render(Scenario.ci("evaluation-db"));
        Map<String, String> env = env(release.get(Deployment.class, "carechain-registration"));
        Service postgresql = release.get(Service.class, env.get("CARECHAIN_DB_HOST"));

        assertEquals(Integer.parseInt(env.get("CARECHAIN_DB_PORT")), postgresql.getSpec().getPorts().get(0).getPort());
        String initdb = release.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "carechain-postgresql-initdb")
                .getData().get("01-carechain-databases.sql");
        for (String database : List.of("carechain_ledger_0", "carechain_ledger_3", "carechain_registration",
                "carechain_certificate")) {
            assertTrue(initdb.contains("CREATE DATABASE \"" + database + "\";"), database);
        }
    }

    @Test
    void imagesComeFromTheConfiguredRegistryAndTag() {
        RenderedRelease defaults = CHART.render(Scenario.DEFAULTS);
        String appVersion = defaults.get(Deployment.class, "carechain-registration").getMetadata().getLabels().get("app.kubernetes.io/version");
        for (RenderedRelease.PodOwner owner : defaults.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                if (container.getName().endsWith("-service")) {
                    assertEquals("ghcr.io/carechain/" + container.getName() + ":" + appVersion, container.getImage(), owner.describe());
                }
            }
        }

        RenderedRelease mirrored = CHART.render(Scenario.DEFAULTS, Map.of(
                "image.registry", "registry.internal:5000", "image.group", "platform/carechain", "image.tag", "1.2.3",
                "ledger.image.tag", "1.2.4"));
        assertEquals("registry.internal:5000/platform/carechain/registration-service:1.2.3",
                image(mirrored.get(Deployment.class, "carechain-registration")));
        assertEquals("registry.internal:5000/platform/carechain/ledger-service:1.2.4",
                mirrored.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "carechain-ledger")
                        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

        RenderedRelease pinned = CHART.render(Scenario.ci("operations"));
        assertEquals("registry.example-hospital.org/mirror/carechain/certificate-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                image(pinned.get(Deployment.class, "carechain-certificate")));
    }

    @Test
    void rollingUpdatesKeepOldPodsServingWhileNewOnesMigrate() {
        for (Deployment deployment : CHART.render(Scenario.ci("search-split")).all(Deployment.class)) {
            var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
            assertNotNull(rolling, deployment.getMetadata().getName());
            assertEquals(0, rolling.getMaxUnavailable().getIntVal(), deployment.getMetadata().getName());
        }
    }

    private static boolean mountedFromConfigMap(RenderedRelease.PodOwner owner, Container container, String file) {
        String directory = file.substring(0, file.lastIndexOf('/'));
        String key = file.substring(file.lastIndexOf('/') + 1);
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (mount.getMountPath().equals(directory)) {
                Volume volume = owner.spec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                return volume.getConfigMap() != null && volume.getConfigMap().getItems().stream()
                        .anyMatch(item -> item.getKey().equals(key) && item.getPath().equals(key));
            }
        }
        return false;
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static Map<String, String> env(Deployment deployment) {
        Map<String, String> env = new TreeMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }
}

package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gRPC call graph: every host and port a service's configuration names (gRPC targets, and a
 * JWKS in this release) exists on the target Service and reaches a container port, and the
 * NetworkPolicies admit exactly the documented callers (docs/operations.md, "Network").
 */
class CallGraphTest {

    private static final HelmChart CHART = HelmChart.workingCopy();
    private static final String COMPONENT = "app.kubernetes.io/component";

    /** Every component of the release that verifies tokens, so fetches a JWKS. */
    private static final Set<String> EVERY_SERVICE = Set.of("ledger", "registration", "certificate", "search-owner", "search-server");

    /**
     * Target component -> the components documented to call it over gRPC; with
     * jwt.useCertificateJwks, every service also fetches certificate-service's JWKS over HTTP.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> documentedCallers(Scenario scenario) {
        Map<String, Object> jwt = (Map<String, Object>) HelmChart.values(scenario).get("jwt");
        if (!Boolean.TRUE.equals(jwt.get("useCertificateJwks"))) {
            return DOCUMENTED_CALLERS;
        }
        Map<String, Set<String>> callers = new TreeMap<>(DOCUMENTED_CALLERS);
        callers.put("certificate", EVERY_SERVICE);
        return callers;
    }

    private static final Map<String, Set<String>> DOCUMENTED_CALLERS = Map.of(
            "ledger", Set.of("ledger", "registration", "certificate", "search-owner", "search-server"),
            "registration", Set.of("certificate"),
            "certificate", Set.of(),
            "search-owner", Set.of(),
            "search-server", Set.of("search-owner"),
            "postgresql", Set.of("ledger", "registration", "certificate", "search-owner", "search-server"));

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyConfiguredGrpcTargetExistsOnItsService(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        Set<String> outsideRelease = hostsOutsideRelease(scenario);
        List<String> problems = new ArrayList<>();
        int checked = 0;

        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                for (Target target : targets(container)) {
                    checked++;
                    String where = owner.describe() + " " + target.variable();
                    if (outsideRelease.contains(target.host())) {
                        continue;
                    }
                    resolve(release, target).ifPresent(problem -> problems.add(where + ": " + problem));
                }
            }
        }
        assertTrue(checked > 0, "no gRPC target found in " + scenario);
        assertEquals(List.of(), problems, () -> scenario + ": gRPC targets that do not exist");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void networkPoliciesAdmitExactlyTheDocumentedCallers(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        Map<String, Set<String>> admitted = new TreeMap<>();
        List<String> problems = new ArrayList<>();

        for (NetworkPolicy policy : release.all(NetworkPolicy.class)) {
            String target = policy.getSpec().getPodSelector().getMatchLabels().get(COMPONENT);
            Set<Integer> podPorts = containerPorts(release, policy.getSpec().getPodSelector().getMatchLabels());
            Set<String> callers = new TreeSet<>();
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    problems.add(policy.getMetadata().getName() + ": a rule without peers admits everyone");
                }
                for (NetworkPolicyPort port : rule.getPorts()) {
                    if (!podPorts.contains(port.getPort().getIntVal())) {
                        problems.add(policy.getMetadata().getName() + ": port " + port.getPort() + " is not a container port " + podPorts);
                    }
                }
                for (NetworkPolicyPeer peer : rule.getFrom() == null ? List.<NetworkPolicyPeer>of() : rule.getFrom()) {
                    boolean sameRelease = peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                            && peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                            && HelmChart.RELEASE.equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"));
                    if (sameRelease) {
                        callers.add(peer.getPodSelector().getMatchLabels().get(COMPONENT));
                    }
                }
            }
            callers.remove("test");
            admitted.put(target, callers);
        }
        Map<String, Set<String>> documented = documentedCallers(scenario);
        for (Map.Entry<String, Set<String>> entry : admitted.entrySet()) {
            assertEquals(documented.get(entry.getKey()), entry.getValue(),
                    () -> scenario + ": in-release callers admitted to " + entry.getKey());
        }
        assertEquals(List.of(), problems);

        boolean policiesOn = Boolean.TRUE.equals(((Map<?, ?>) HelmChart.values(scenario).get("networkPolicy")).get("enabled"));
        Set<String> components = new TreeSet<>();
        release.podOwners().stream().filter(owner -> !RenderedRelease.isTestHook(owner.owner()))
                .forEach(owner -> components.add(owner.podLabels().get(COMPONENT)));
        assertEquals(policiesOn ? components : Set.of(), admitted.keySet(),
                () -> scenario + ": components with a NetworkPolicy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyConfiguredCallIsADocumentedPath(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        Set<String> outsideRelease = hostsOutsideRelease(scenario);
        Map<String, Set<String>> documented = documentedCallers(scenario);
        List<String> undocumented = new ArrayList<>();
        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            if (RenderedRelease.isTestHook(owner.owner())) {
                continue;
            }
            String caller = owner.podLabels().get(COMPONENT);
            for (Container container : owner.spec().getContainers()) {
                for (Target target : targets(container)) {
                    if (outsideRelease.contains(target.host())) {
                        continue;
                    }
                    String callee = serviceFor(release, target.host())
                            .map(service -> service.getSpec().getSelector().get(COMPONENT)).orElse("?");
                    if (!documented.getOrDefault(callee, Set.of()).contains(caller)) {
                        undocumented.add(caller + " -> " + callee + " (" + target.variable() + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), undocumented);
    }

    /** PostgreSQL hosts (the service's own database, the EHR database capture reads), not gRPC targets. */
    private static final Set<String> DATABASE_HOSTS = Set.of("CARECHAIN_DB_HOST", "CARECHAIN_CAPTURE_DB_HOST");

    /**
     * A host/port pair from the environment: X_HOST + X_PORT, one entry of CARECHAIN_LEDGER_PEERS,
     * or the host of a JWKS URL in CARECHAIN_JWT_PUBLIC_KEY_LOCATION.
     */
    record Target(String variable, String host, int port) {
    }

    static List<Target> targets(Container container) {
        List<Target> targets = new ArrayList<>();
        Map<String, String> env = new TreeMap<>();
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (variable.getValue() != null) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("CARECHAIN_") && name.endsWith("_HOST") && !DATABASE_HOSTS.contains(name)) {
                String portVariable = name.substring(0, name.length() - "_HOST".length()) + "_PORT";
                assertTrue(env.containsKey(portVariable), container.getName() + ": " + name + " without " + portVariable);
                targets.add(new Target(name, value, Integer.parseInt(env.get(portVariable))));
            }
        });
        String keyLocation = env.get("CARECHAIN_JWT_PUBLIC_KEY_LOCATION");
        if (keyLocation != null && keyLocation.matches("https?://.*")) {
            java.net.URI jwks = java.net.URI.create(keyLocation);
            int port = jwks.getPort() >= 0 ? jwks.getPort() : jwks.getScheme().equals("https") ? 443 : 80;
            targets.add(new Target("CARECHAIN_JWT_PUBLIC_KEY_LOCATION", jwks.getHost(), port));
        }
        String peers = env.get("CARECHAIN_LEDGER_PEERS");
        if (peers != null) {
            for (String peer : peers.split(",")) {
                String address = peer.substring(peer.indexOf('=') + 1);
                targets.add(new Target("CARECHAIN_LEDGER_PEERS[" + peer.substring(0, peer.indexOf('=')) + "]",
                        address.substring(0, address.lastIndexOf(':')),
                        Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))));
            }
        }
        return targets;
    }

    /** Empty when the target works; else what is wrong. */
    private static Optional<String> resolve(RenderedRelease release, Target target) {
        Optional<Service> service = serviceFor(release, target.host());
        if (service.isEmpty()) {
            return Optional.of("no Service for host " + target.host());
        }
        boolean headless = "None".equals(service.get().getSpec().getClusterIP());
        if (headless != target.host().contains(".")) {
            return Optional.of(target.host() + ": per-pod names need the headless Service, Service names a ClusterIP");
        }
        Map<String, String> selector = service.get().getSpec().getSelector();
        List<RenderedRelease.PodOwner> pods = release.podOwnersMatching(selector);
        if (pods.isEmpty()) {
            return Optional.of("Service " + service.get().getMetadata().getName() + " selects no pods");
        }
        ServicePort port = service.get().getSpec().getPorts().stream()
                .filter(candidate -> candidate.getPort() == target.port()).findFirst().orElse(null);
        if (port == null) {
            return Optional.of("Service " + service.get().getMetadata().getName() + " has no port " + target.port());
        }
        if (headless && !port.getPort().equals(containerPort(pods.get(0), port.getTargetPort()))) {
            // A headless Service maps no ports: the client dials the pod itself.
            return Optional.of("headless port " + target.port() + " is not the pods' container port");
        }
        if (containerPort(pods.get(0), port.getTargetPort()) == null) {
            return Optional.of("targetPort " + port.getTargetPort() + " is not a container port of " + pods.get(0).describe());
        }
        if (headless) {
            String pod = target.host().substring(0, target.host().indexOf('.'));
            String statefulSet = pods.get(0).owner().getMetadata().getName();
            int replicas = ((io.fabric8.kubernetes.api.model.apps.StatefulSet) pods.get(0).owner()).getSpec().getReplicas();
            boolean exists = pod.startsWith(statefulSet + "-")
                    && Integer.parseInt(pod.substring(statefulSet.length() + 1)) < replicas;
            if (!exists) {
                return Optional.of("no pod " + pod + " in " + statefulSet + " (" + replicas + " replicas)");
            }
            if (!service.get().getMetadata().getName().equals(((io.fabric8.kubernetes.api.model.apps.StatefulSet) pods.get(0).owner()).getSpec().getServiceName())) {
                return Optional.of("the StatefulSet's serviceName is not " + service.get().getMetadata().getName());
            }
        }
        return Optional.empty();
    }

    /** "svc" or "pod.svc": the Service part of a host name in the release's namespace. */
    private static Optional<Service> serviceFor(RenderedRelease release, String host) {
        String[] labels = host.split("\\.");
        String name = labels.length == 1 ? labels[0] : labels[1];
        return release.find(Service.class, name);
    }

    private static Integer containerPort(RenderedRelease.PodOwner pod, IntOrString targetPort) {
        for (Container container : pod.spec().getContainers()) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (targetPort.getIntVal() != null ? targetPort.getIntVal().equals(port.getContainerPort())
                        : targetPort.getStrVal().equals(port.getName())) {
                    return port.getContainerPort();
                }
            }
        }
        return null;
    }

    private static Set<Integer> containerPorts(RenderedRelease release, Map<String, String> selector) {
        Set<Integer> ports = new TreeSet<>();
        release.podOwnersMatching(selector).forEach(owner -> owner.spec().getContainers().forEach(container ->
                (container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts())
                        .forEach(port -> ports.add(port.getContainerPort()))));
        return ports;
    }

    /** Hosts the scenario's values place outside the release: endpoints.* and ledger.externalPeers. */
    @SuppressWarnings("unchecked")
    private static Set<String> hostsOutsideRelease(Scenario scenario) {
        Map<String, Object> values = HelmChart.values(scenario);
        Set<String> hosts = new TreeSet<>();
        ((Map<String, Map<String, Object>>) values.get("endpoints")).values().forEach(endpoint -> {
            if (endpoint.get("host") != null && !endpoint.get("host").toString().isEmpty()) {
                hosts.add(endpoint.get("host").toString());
            }
        });
        ((List<Map<String, Object>>) ((Map<String, Object>) values.get("ledger")).get("externalPeers"))
                .forEach(peer -> hosts.add(peer.get("host").toString()));
        String jwksUrl = (String) ((Map<String, Object>) values.get("jwt")).get("jwksUrl");
        if (!jwksUrl.isEmpty()) {
            hosts.add(java.net.URI.create(jwksUrl).getHost());
        }
        return hosts;
    }
}

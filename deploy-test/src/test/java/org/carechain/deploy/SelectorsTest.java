package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every selector selects what it is meant to: Services, budgets and policies select exactly one
 * workload's pods, autoscalers target a Deployment that leaves replicas to them, ServiceMonitors
 * and Ingresses find their Service and port. Objects carry the standard labels and no namespace,
 * so the k8s/ manifests apply to any namespace.
 */
class SelectorsTest {

    private static final HelmChart CHART = HelmChart.workingCopy();

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everySelectorSelectsExactlyOneWorkload(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        List<String> problems = new ArrayList<>();

        for (Deployment deployment : release.all(Deployment.class)) {
            contains(problems, deployment, deployment.getSpec().getTemplate().getMetadata().getLabels(),
                    deployment.getSpec().getSelector().getMatchLabels());
        }
        for (StatefulSet statefulSet : release.all(StatefulSet.class)) {
            contains(problems, statefulSet, statefulSet.getSpec().getTemplate().getMetadata().getLabels(),
                    statefulSet.getSpec().getSelector().getMatchLabels());
        }
        for (Service service : release.all(Service.class)) {
            selectsOneWorkload(problems, release, service, service.getSpec().getSelector());
        }
        for (PodDisruptionBudget budget : release.all(PodDisruptionBudget.class)) {
            selectsOneWorkload(problems, release, budget, budget.getSpec().getSelector().getMatchLabels());
        }
        for (NetworkPolicy policy : release.all(NetworkPolicy.class)) {
            selectsOneWorkload(problems, release, policy, policy.getSpec().getPodSelector().getMatchLabels());
        }
        for (HorizontalPodAutoscaler autoscaler : release.all(HorizontalPodAutoscaler.class)) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            var deployment = release.find(Deployment.class, target.getName());
            if (!"Deployment".equals(target.getKind()) || deployment.isEmpty()) {
                problems.add(describe(autoscaler) + ": targets no Deployment of the release");
            } else if (deployment.get().getSpec().getReplicas() != null) {
                problems.add(describe(autoscaler) + ": its Deployment also sets replicas, so every upgrade resets the scale");
            }
        }
        for (ServiceMonitor monitor : release.all(ServiceMonitor.class)) {
            List<Service> services = release.all(Service.class).stream()
                    .filter(service -> service.getMetadata().getLabels().entrySet()
                            .containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            if (services.size() != 1) {
                problems.add(describe(monitor) + ": selects " + services.size() + " Services, so targets would be scraped twice or never");
            } else if (services.get(0).getSpec().getPorts().stream().noneMatch(port -> port.getName().equals(monitor.getSpec().getEndpoints().get(0).getPort()))) {
                problems.add(describe(monitor) + ": its Service has no port " + monitor.getSpec().getEndpoints().get(0).getPort());
            }
        }
        for (Ingress ingress : release.all(Ingress.class)) {
            for (var rule : ingress.getSpec().getRules()) {
                for (var path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    var service = release.find(Service.class, backend.getName());
                    if (service.isEmpty() || service.get().getSpec().getPorts().stream().noneMatch(port -> port.getName().equals(backend.getPort().getName()))) {
                        problems.add(describe(ingress) + ": no Service port " + backend.getName() + ":" + backend.getPort().getName());
                    }
                }
            }
        }
        assertEquals(List.of(), problems, () -> scenario + ": selectors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyObjectCarriesTheStandardLabelsAndNoNamespace(Scenario scenario) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : CHART.render(scenario).objects()) {
            Map<String, String> labels = object.getMetadata().getLabels();
            for (String label : List.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                    "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "helm.sh/chart")) {
                if (labels == null || !labels.containsKey(label)) {
                    problems.add(describe(object) + ": no label " + label);
                }
            }
            if (object.getMetadata().getNamespace() != null) {
                problems.add(describe(object) + ": hard-codes namespace " + object.getMetadata().getNamespace());
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void contains(List<String> problems, HasMetadata owner, Map<String, String> labels, Map<String, String> selector) {
        if (labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
            problems.add(describe(owner) + ": its selector does not match its own pod template");
        }
    }

    private static void selectsOneWorkload(List<String> problems, RenderedRelease release, HasMetadata object, Map<String, String> selector) {
        long workloads = release.podOwnersMatching(selector).stream()
                .filter(owner -> !RenderedRelease.isTestHook(owner.owner())).count();
        if (selector == null || selector.isEmpty() || workloads != 1) {
            problems.add(describe(object) + ": selects " + workloads + " workloads");
        }
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}

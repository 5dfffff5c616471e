package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm upgrade} from release N to N+1 (a newer chart and app version, new image tags,
 * more validators, new resources) changes no field Kubernetes refuses to change: StatefulSet
 * selectors, serviceName, podManagementPolicy and volumeClaimTemplates, Deployment selectors,
 * and Service cluster IP modes. Changing any of them makes {@code helm upgrade} fail.
 */
class UpgradeTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static final HelmChart RELEASE_N = HelmChart.workingCopy();
    private static final HelmChart RELEASE_N_PLUS_1 = HelmChart.workingCopy(chart -> chart
            .replaceFirst("(?m)^version: .*$", "version: 0.2.0")
            .replaceFirst("(?m)^appVersion: .*$", "appVersion: \"0.2.0\""));

    static Stream<Arguments> upgrades() {
        return Stream.of(
                Arguments.of(Scenario.DEFAULTS, Map.of(
                        "ledger.validators", "7",
                        "ledger.resources.limits.memory", "1Gi",
                        "registration.replicaCount", "3",
                        "certificate.autoscaling.enabled", "true")),
                Arguments.of(Scenario.ci("validators-7"), Map.of(
                        "ledger.validators", "10",
                        "ledger.image.tag", "0.2.1")),
                Arguments.of(Scenario.ci("search-split"), Map.of(
                        "search.server.autoscaling.maxReplicas", "20",
                        "image.tag", "0.2.0-rc1")),
                Arguments.of(Scenario.ci("evaluation-db"), Map.of(
                        "postgresql.evaluation.image.tag", "17.2-alpine",
                        "postgresql.evaluation.resources.limits.memory", "2Gi")),
                Arguments.of(Scenario.ci("operations"), Map.of(
                        "ledger.externalPeers[2].id", "org-d-ledger-0",
                        "ledger.externalPeers[2].host", "ledger-0.org-d.example.net",
                        "ledger.externalPeers[2].port", "443")));
    }

    @ParameterizedTest(name = "{0} -> chart 0.2.0 with {1}")
    @MethodSource("upgrades")
    void anUpgradeChangesNoImmutableField(Scenario scenario, Map<String, String> nextValues) {
        RenderedRelease current = RELEASE_N.render(scenario);
        RenderedRelease next = RELEASE_N_PLUS_1.render(scenario, nextValues);

        List<String> changes = immutableFieldChanges(current, next);

        assertEquals(List.of(), changes, () -> scenario + ": fields helm upgrade cannot change");
        assertNotEquals(podTemplates(current), podTemplates(next), "release N+1 must actually differ");
    }

    @Test
    void theCheckCatchesVersionLabelsOnVolumeClaimTemplates() {
        // A classic chart bug: the full label set, with helm.sh/chart, on a volumeClaimTemplate.
        UnaryOperator<String> edit = template -> template.replace(
                "        labels:\n          {{- include \"carechain.selectorLabels\" $ctx | nindent 10 }}",
                "        labels:\n          {{- include \"carechain.labels\" $ctx | nindent 10 }}");
        Scenario evaluation = Scenario.ci("evaluation-db");
        RenderedRelease current = HelmChart.workingCopy().edit("templates/postgresql/statefulset.yaml", edit).render(evaluation);
        RenderedRelease next = HelmChart.workingCopy(chart -> chart.replaceFirst("(?m)^version: .*$", "version: 0.2.0"))
                .edit("templates/postgresql/statefulset.yaml", edit).render(evaluation);

        List<String> changes = immutableFieldChanges(current, next);

        assertTrue(changes.stream().anyMatch(change -> change.startsWith("StatefulSet/carechain-postgresql volumeClaimTemplates")), changes::toString);
    }

    @Test
    void theCheckCatchesASelectorChange() {
        RenderedRelease current = RELEASE_N.render(Scenario.DEFAULTS);
        RenderedRelease next = HelmChart.workingCopy()
                .edit("templates/_helpers.tpl", helpers -> helpers.replace(
                        "app.kubernetes.io/component: {{ .component }}\n{{- end -}}",
                        "app.kubernetes.io/component: {{ .component }}\ncarechain.io/generation: two\n{{- end -}}"))
                .render(Scenario.DEFAULTS);

        List<String> changes = immutableFieldChanges(current, next);

        assertTrue(changes.contains("StatefulSet/carechain-ledger selector"), changes::toString);
        assertTrue(changes.contains("Deployment/carechain-registration selector"), changes::toString);
    }

    static List<String> immutableFieldChanges(RenderedRelease current, RenderedRelease next) {
        List<String> changes = new ArrayList<>();
        for (StatefulSet before : current.all(StatefulSet.class)) {
            next.find(StatefulSet.class, before.getMetadata().getName()).ifPresent(after -> {
                compare(changes, before, "selector", before.getSpec().getSelector(), after.getSpec().getSelector());
                compare(changes, before, "serviceName", before.getSpec().getServiceName(), after.getSpec().getServiceName());
                compare(changes, before, "podManagementPolicy", before.getSpec().getPodManagementPolicy(), after.getSpec().getPodManagementPolicy());
                compare(changes, before, "volumeClaimTemplates", before.getSpec().getVolumeClaimTemplates(), after.getSpec().getVolumeClaimTemplates());
            });
        }
        for (Deployment before : current.all(Deployment.class)) {
            next.find(Deployment.class, before.getMetadata().getName()).ifPresent(after ->
                    compare(changes, before, "selector", before.getSpec().getSelector(), after.getSpec().getSelector()));
        }
        for (Service before : current.all(Service.class)) {
            next.find(Service.class, before.getMetadata().getName()).ifPresent(after ->
                    compare(changes, before, "clusterIP", before.getSpec().getClusterIP(), after.getSpec().getClusterIP()));
        }
        return changes;
    }

    private static void compare(List<String> changes, HasMetadata object, String field, Object before, Object after) {
        String was = JSON.asJson(before);
        String is = JSON.asJson(after);
        if (!was.equals(is)) {
            changes.add(object.getKind() + "/" + object.getMetadata().getName() + " " + field + (field.equals("selector") ? "" : ": " + was + " -> " + is));
        }
    }

    private static Map<String, String> podTemplates(RenderedRelease release) {
        Map<String, String> templates = new LinkedHashMap<>();
        release.podOwners().forEach(owner -> templates.put(owner.describe(), JSON.asJson(owner.spec())));
        return templates;
    }
}

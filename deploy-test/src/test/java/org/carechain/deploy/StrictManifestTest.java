package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object parses into fabric8's typed model with no field left over: a misspelt
 * or misplaced key fails here instead of being dropped by the API server.
 */
class StrictManifestTest {

    private static final HelmChart CHART = HelmChart.workingCopy();

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyObjectIsATypedKubernetesObjectWithoutUnknownFields(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);

        List<String> problems = new ArrayList<>();
        for (RenderedRelease.Manifest manifest : release.manifests()) {
            if (manifest.object() instanceof GenericKubernetesResource) {
                problems.add(manifest.describe() + ": kind has no typed model (misspelt kind or apiVersion?)");
                continue;
            }
            UnknownFields.in(manifest.object())
                    .forEach(path -> problems.add(manifest.describe() + ": unknown field " + path));
        }
        assertFalse(release.manifests().isEmpty(), scenario + " rendered nothing");
        assertEquals(List.of(), problems, () -> scenario + ": objects that do not parse strictly");
    }

    @Test
    void theWalkerCatchesMisspeltAndMisplacedFields() {
        RenderedRelease release = RenderedRelease.parse("""
                # Source: carechain/templates/broken.yaml
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: broken
                  labelz: {a: b}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          imagePullPolicyy: Always
                          resources: {limits: {cpu: "1"}, requets: {cpu: "1"}}
                          readinessProbe: {httpGet: {path: /q/health/ready, port: http, schem: HTTP}}
                """);

        List<String> unknown = UnknownFields.in(release.manifests().get(0).object());

        assertEquals(List.of(
                "metadata.labelz",
                "spec.replica",
                "spec.template.spec.containers[0].imagePullPolicyy",
                "spec.template.spec.containers[0].readinessProbe.httpGet.schem",
                "spec.template.spec.containers[0].resources.requets"), unknown.stream().sorted().toList());
    }

    @Test
    void anUnknownKindIsNotTyped() {
        RenderedRelease release = RenderedRelease.parse("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: typo}
                """);

        assertEquals(GenericKubernetesResource.class, release.manifests().get(0).object().getClass());
    }
}

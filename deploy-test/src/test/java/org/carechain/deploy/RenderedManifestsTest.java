package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/} holds the chart rendered with its default values, one file per template, plus a
 * kustomization.yaml, for teams that apply plain manifests. This test fails when they drift from
 * what {@code helm template} renders now. To regenerate them after a chart change:
 * <pre>./mvnw -B -f deploy-test/pom.xml verify -Dcarechain.k8s.update=true</pre>
 */
class RenderedManifestsTest {

    static final String UPDATE_PROPERTY = "carechain.k8s.update";
    /** Hand-written kustomize overlays on the rendered files (checked by their own tests), not rendered by the chart. */
    static final String OVERLAYS = "overlays/";
    private static final String HEADER = """
            # Rendered from helm/carechain with its default values (release "carechain"). Do not edit:
            # change the chart, then regenerate k8s/ with
            #   ./mvnw -B -f deploy-test/pom.xml verify -Dcarechain.k8s.update=true
            """;

    @Test
    void k8sManifestsMatchWhatTheChartRenders() throws IOException {
        Path k8s = HelmChart.repositoryRoot().resolve("k8s");
        Map<String, String> expected = expectedFiles(HelmChart.workingCopy().render(Scenario.DEFAULTS));

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(k8s, expected);
        }
        Map<String, String> actual = actualFiles(k8s);

        List<String> drift = new ArrayList<>();
        expected.forEach((file, content) -> {
            if (!actual.containsKey(file)) {
                drift.add("missing: k8s/" + file);
            } else if (!actual.get(file).equals(content)) {
                drift.add("differs: k8s/" + file);
            }
        });
        actual.keySet().stream().filter(file -> !expected.containsKey(file)).forEach(file -> drift.add("not rendered by the chart: k8s/" + file));
        assertEquals(List.of(), drift, "k8s/ drifted from helm template; regenerate with -D" + UPDATE_PROPERTY + "=true");
        assertTrue(expected.containsKey("ledger/statefulset.yaml"));
    }

    /** File (relative to k8s/) -> content, from the objects `kubectl apply` should create. */
    static Map<String, String> expectedFiles(RenderedRelease release) {
        Map<String, List<RenderedRelease.Manifest>> byTemplate = release.installedManifests().stream()
                .collect(Collectors.groupingBy(manifest -> manifest.source().replaceFirst("^carechain/templates/", ""),
                        TreeMap::new, Collectors.toList()));
        Map<String, String> files = new TreeMap<>();
        byTemplate.forEach((template, manifests) -> files.put(template, HEADER + manifests.stream()
                .map(manifest -> "---\n" + manifest.yaml().strip() + "\n")
                .collect(Collectors.joining())));
        StringBuilder kustomization = new StringBuilder(HEADER)
                .append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        files.keySet().forEach(file -> kustomization.append("  - ").append(file).append('\n'));
        files.put("kustomization.yaml", kustomization.toString());
        return files;
    }

    private static Map<String, String> actualFiles(Path k8s) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(k8s)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(k8s)) {
            for (Path path : paths.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".yaml")).toList()) {
                String file = k8s.relativize(path).toString().replace('\\', '/');
                if (!file.startsWith(OVERLAYS)) {
                    files.put(file, Files.readString(path));
                }
            }
        }
        return files;
    }

    private static void write(Path k8s, Map<String, String> files) throws IOException {
        for (String stale : actualFiles(k8s).keySet()) {
            Files.delete(k8s.resolve(stale));
        }
        try (Stream<Path> directories = Files.isDirectory(k8s) ? Files.walk(k8s) : Stream.empty()) {
            for (Path directory : directories.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                try (Stream<Path> children = Files.list(directory)) {
                    if (!directory.equals(k8s) && children.findAny().isEmpty()) {
                        Files.delete(directory);
                    }
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = k8s.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
    }
}

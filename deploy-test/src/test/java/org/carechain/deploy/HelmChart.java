package org.carechain.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/carechain}, driven by the real Helm engine (helm-java, Helm 3.16).
 *
 * <p>Helm runs on a working copy of the chart, adapted to three limits of helm-java 0.0.15:
 * <ul>
 *   <li>its engine pins Kubernetes v1.20.0 and has no {@code --kube-version}, so the copy drops
 *       {@code kubeVersion} from Chart.yaml;
 *   <li>{@code template} returns the release manifest without hooks, so the copy turns the
 *       {@code helm test} hook annotation into {@link #TEST_HOOK_MARKER}, which lets the test pod
 *       be parsed and checked like any object; {@link RenderedRelease} tells the two apart;
 *   <li>{@code lint} takes no values file, so a scenario is linted on a copy whose values.yaml is
 *       the chart's defaults merged with the scenario, as Helm merges them (the defaults are
 *       linted on the chart itself, kubeVersion included).
 * </ul>
 * Nothing else changes: the templates, schema and values are the chart's own bytes.
 */
public final class HelmChart {

    /** Replaces {@code helm.sh/hook} on the test pod in working copies. */
    public static final String TEST_HOOK_MARKER = "carechain.test/hook";

    public static final String RELEASE = "carechain";
    public static final String NAMESPACE = "carechain";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path directory;

    private HelmChart(Path directory) {
        this.directory = directory;
    }

    /** The repository root: the parent of this module, or {@code -Dcarechain.root}. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("carechain.root");
        Path root = configured != null ? Paths.get(configured) : Paths.get("..");
        return root.toAbsolutePath().normalize();
    }

    public static Path sourceDirectory() {
        return repositoryRoot().resolve("helm/carechain");
    }

    /** A fresh working copy of the chart as it is in the repository. */
    public static HelmChart workingCopy() {
        return workingCopy(UnaryOperator.identity());
    }

    /** A working copy whose Chart.yaml is rewritten first (e.g. to bump the version). */
    public static HelmChart workingCopy(UnaryOperator<String> chartYaml) {
        try {
            Path parent = Files.createDirectories(Paths.get("target", "charts-under-test"));
            Path copy = Files.createTempDirectory(parent.toAbsolutePath(), "chart-").resolve("carechain");
            copyTree(sourceDirectory(), copy);
            Path chartFile = copy.resolve("Chart.yaml");
            String chart = chartYaml.apply(Files.readString(chartFile));
            Files.writeString(chartFile, chart.replaceAll("(?m)^kubeVersion:.*\\R", ""));
            Path testPod = copy.resolve("templates/tests/grpc-health.yaml");
            Files.writeString(testPod, Files.readString(testPod).replace("helm.sh/hook: test", TEST_HOOK_MARKER + ": test"));
            return new HelmChart(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Edits one file of this working copy, e.g. to prove a test catches a broken template. */
    public HelmChart edit(String relativePath, UnaryOperator<String> edit) {
        Path file = directory.resolve(relativePath);
        try {
            String before = Files.readString(file);
            String after = edit.apply(before);
            if (after.equals(before)) {
                throw new IllegalArgumentException("the edit changed nothing in " + relativePath);
            }
            Files.writeString(file, after);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** {@code helm template} with the given values files and {@code --set} pairs, in that order. */
    public String template(List<Path> valuesFiles, Map<String, String> sets) {
        TemplateCommand command = new Helm(directory).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file.toAbsolutePath());
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /** NOTES.txt as {@code helm install} prints it (a client-only dry run: no cluster needed). */
    public String notes(Scenario scenario) {
        InstallCommand install = new Helm(directory).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly().dryRun();
        for (Path file : scenario.valuesFiles()) {
            install = install.withValuesFile(file.toAbsolutePath());
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:") + "NOTES:".length());
    }

    public RenderedRelease render(Scenario scenario) {
        return RenderedRelease.parse(template(scenario.valuesFiles(), Map.of()));
    }

    public RenderedRelease render(Scenario scenario, Map<String, String> sets) {
        return RenderedRelease.parse(template(scenario.valuesFiles(), sets));
    }

    /**
     * {@code helm lint --strict} on the chart exactly as it is in the repository; for a scenario,
     * on a copy whose values.yaml is the defaults merged with the scenario's values.
     */
    public static LintResult lintStrict(Scenario scenario) {
        try {
            Path target = sourceDirectory();
            if (!scenario.valuesFiles().isEmpty()) {
                Path parent = Files.createDirectories(Paths.get("target", "charts-under-test"));
                target = Files.createTempDirectory(parent.toAbsolutePath(), "lint-").resolve("carechain");
                copyTree(sourceDirectory(), target);
                YAML.writeValue(target.resolve("values.yaml").toFile(), values(scenario));
            }
            return new Helm(target).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart's default values merged with the scenario's, as Helm computes them. */
    public static Map<String, Object> values(Scenario scenario) {
        try {
            Map<String, Object> values = readYaml(sourceDirectory().resolve("values.yaml"));
            for (Path file : scenario.valuesFiles()) {
                values = mergeValues(values, readYaml(file));
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's coalescing: maps merge key by key, anything else is replaced, null deletes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeValues(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object current = merged.get(key);
            if (value == null) {
                merged.remove(key);
            } else if (current instanceof Map && value instanceof Map) {
                merged.put(key, mergeValues((Map<String, Object>) current, (Map<String, Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readYaml(Path file) throws IOException {
        Map<String, Object> map = YAML.readValue(file.toFile(), Map.class);
        return map == null ? new LinkedHashMap<>() : map;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
    }
}

package org.carechain.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A set of values the chart must accept: the defaults, or defaults plus one {@code ci/*-values.yaml}. */
public record Scenario(String name, List<Path> valuesFiles) {

    public static final Scenario DEFAULTS = new Scenario("defaults", List.of());

    /** The defaults and every {@code helm/carechain/ci/*-values.yaml}, in file-name order. */
    public static List<Scenario> all() {
        List<Scenario> scenarios = new ArrayList<>();
        scenarios.add(DEFAULTS);
        try (Stream<Path> files = Files.list(HelmChart.sourceDirectory().resolve("ci"))) {
            files.filter(file -> file.getFileName().toString().endsWith("-values.yaml"))
                    .sorted()
                    .forEach(file -> scenarios.add(ci(file.getFileName().toString().replace("-values.yaml", ""))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scenarios;
    }

    /** {@code ci/<name>-values.yaml}. */
    public static Scenario ci(String name) {
        return new Scenario(name, List.of(HelmChart.sourceDirectory().resolve("ci").resolve(name + "-values.yaml")));
    }

    @Override
    public String toString() {
        return name;
    }
}

package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} is clean for the defaults and for every {@code ci/*-values.yaml}. */
class ChartLintTest {

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void lintsCleanInStrictMode(Scenario scenario) {
        LintResult result = HelmChart.lintStrict(scenario);

        List<String> problems = result.getMessages().stream()
                .filter(message -> !message.startsWith("[INFO]"))
                .toList();
        assertFalse(result.isFailed(), () -> scenario + ": helm lint --strict failed: " + result.getMessages());
        assertEquals(List.of(), problems, () -> scenario + ": lint warnings or errors");
    }

    @Test
    void lintSeesTheScenariosValues(@TempDir Path directory) throws IOException {
        Path misspelt = Files.writeString(directory.resolve("misspelt-values.yaml"), "registration:\n  replicas: 3\n");

        LintResult result = HelmChart.lintStrict(new Scenario("misspelt", List.of(misspelt)));

        assertTrue(result.isFailed(), () -> "lint accepted an unknown key: " + result.getMessages());
        assertTrue(result.getMessages().toString().contains("Additional property replicas is not allowed"), result.getMessages()::toString);
    }

    @Test
    void theIssuesScenariosAreAllThere() {
        List<String> names = Scenario.all().stream().map(Scenario::name).toList();

        assertTrue(names.containsAll(List.of("defaults", "minimal", "external-db", "validators-7", "search-split")),
                () -> "scenarios: " + names);
    }
}

package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard covers ledger height, commit latency, capture lag and certificate
 * issuance, and every metric it queries is one docs/operations.md lists.
 */
class DashboardTest {

    private static final Path DOCS = HelmChart.repositoryRoot().resolve("docs");
    private static final List<String> CONTRACT = List.of(
            "carechain_ledger_height", "carechain_ledger_commit_latency_seconds",
            "carechain_capture_lag_bytes", "carechain_certificates_issued_total");
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_]+)\\{");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring");

    @Test
    void theDashboardQueriesOnlyDocumentedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DOCS.resolve("grafana/carechain-overview.json").toFile());
        String operations = Files.readString(DOCS.resolve("operations.md"));
        Set<String> metrics = new TreeSet<>();
        Set<Integer> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();

        for (JsonNode panel : dashboard.get("panels")) {
            if (!ids.add(panel.get("id").asInt())) {
                problems.add("duplicate panel id " + panel.get("id"));
            }
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.get("expr").asText());
                while (matcher.find()) {
                    if (!PROMQL_WORDS.contains(matcher.group(1))) {
                        metrics.add(matcher.group(1).replaceFirst("_(bucket|sum|count)$", ""));
                    }
                }
                if (!"${datasource}".equals(target.path("datasource").path("uid").asText())) {
                    problems.add(panel.get("title").asText() + ": not on the dashboard's data source variable");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(metrics.containsAll(CONTRACT), () -> "the dashboard lacks contract metrics: " + metrics);
        List<String> undocumented = metrics.stream().filter(metric -> !operations.contains("`" + metric)).toList();
        assertEquals(List.of(), undocumented, "metrics the dashboard queries but docs/operations.md does not list");
    }

    @Test
    void theContractIsInTheOperationsGuide() throws IOException {
        String operations = Files.readString(DOCS.resolve("operations.md"));
        for (String metric : CONTRACT) {
            assertTrue(operations.contains("| `" + metric + "` |"), metric + " is not in the metrics contract table");
        }
        for (String section : List.of("## Install", "## Upgrade", "### Compatible schema changes", "## Key rotation",
                "## Adding a validator", "## Backup and restore", "## Metrics", "## Images")) {
            assertTrue(operations.contains(section), "docs/operations.md lacks " + section);
        }
    }
}

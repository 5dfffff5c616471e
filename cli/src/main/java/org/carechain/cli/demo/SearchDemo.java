package org.carechain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.search.SearchClient;
import org.carechain.cli.search.SearchCommand;
import org.carechain.cli.search.SearchSetup;
import org.carechain.crypto.sse.Entry;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;

/**
 * The search part of the demo: hospital1's search owner has indexed the records its ledger node
 * captured; a clinician searches them through the untrusted server, verifies every answer before
 * decrypting, and sees a lying server caught.
 */
public final class SearchDemo {

    /** Diabetes mellitus type 2 (SNOMED CT), a condition of the synthetic population. */
    static final String DIABETES = "code=44054006";
    static final Duration INDEX_WAIT = Duration.ofSeconds(90);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalCluster cluster;
    private final DevTokenIssuer tokens;
    private final PrintStream out;

    public SearchDemo(LocalCluster cluster, DevTokenIssuer tokens, PrintStream out) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.out = out;
    }

    /** Returns the number of failed checks. */
    public int run(LedgerDemo.Reporter report) {
        try {
            return runChecked(report);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return report.line(false, "search demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "search demo interrupted");
        }
    }

    private int runChecked(LedgerDemo.Reporter report) throws IOException, GeneralSecurityException, InterruptedException {
        int failures = 0;
        out.println("  hospital1's search owner follows the ehr channel, reads each captured record from hospital1's"
                + " database, indexes it only if its hash is the chain's, and pushes encrypted entries (PRF labels and"
                + " AES-GCM values: no keyword, no record id) to the search server in epochs; each epoch's update-log"
                + " root is signed and anchored on the search channel.");
        long indexedThrough = waitForIndex();
        failures += report.line(indexedThrough > 0, "the owner has indexed the ehr chain through height " + indexedThrough
                + " and anchored its latest epoch");

        SearchClient.Credentials clinician = SearchSetup.clinician(cluster, tokens);
        out.println("  A clinician (anonymous certificate " + clinician.certificate().pseudonym() + ", logged in with it)"
                + " asks the owner for tokens, queries the server, and verifies before decrypting:");
        try (SearchClient client = SearchSetup.client(cluster)) {
            failures += search(report, client, clinician, DIABETES, true);
            failures += search(report, client, clinician, DIABETES + " AND type=Condition", true);
            failures += search(report, client, clinician, "code=0000000-not-a-code", false);
        }

        out.println("  Now the server lies: it drops the last entry of each answer.");
        try (SearchClient liar = SearchSetup.client(cluster).withLyingServer(entries ->
                entries.isEmpty() ? entries : new ArrayList<>(entries.subList(0, entries.size() - 1)))) {
            liar.search(List.of(DIABETES), clinician);
            failures += report.line(false, "the dropped entry went unnoticed");
        } catch (SearchClient.SearchFailure caught) {
            failures += report.line(caught.check().equals("COMPLETENESS") || caught.check().equals("VALIDITY"),
                    "caught before decrypting (" + caught.check() + "): " + caught.getMessage());
        }
        out.println("  And a server that swaps in another keyword's entries:");
        try (SearchClient honest = SearchSetup.client(cluster);
                SearchClient liar = SearchSetup.client(cluster)) {
            List<Entry> other = new ArrayList<>();
            honest.withLyingServer(entries -> {
                other.addAll(entries);
                return entries;
            }).search(List.of("type=Patient"), clinician);
            liar.withLyingServer(entries -> other).search(List.of(DIABETES), clinician);
            failures += report.line(false, "the swapped answer went unnoticed");
        } catch (SearchClient.SearchFailure caught) {
            failures += report.line(true, "caught before decrypting (" + caught.check() + "): " + caught.getMessage());
        }
        return failures;
    }

    private int search(LedgerDemo.Reporter report, SearchClient client, SearchClient.Credentials who, String query,
            boolean expectRecords) throws IOException, InterruptedException {
        out.println("  $ carechain search \"" + query + "\"");
        try {
            SearchClient.Answer answer = client.search(SearchCommand.parse(query), who);
            PrintWriter writer = new PrintWriter(out, true);
            SearchCommand.print(writer, answer);
            writer.flush();
            boolean expected = expectRecords ? !answer.records().isEmpty() : answer.records().isEmpty();
            return report.line(expected, expectRecords ? "verified: " + answer.records().size() + " record(s), decrypted only"
                    + " after every check passed" : "verified absence: the owner signed a count of 0, so the server could"
                    + " not have hidden a match");
        } catch (SearchClient.SearchFailure failure) {
            return report.line(false, "NOT VERIFIED (" + failure.check() + "): " + failure.getMessage());
        }
    }

    /** Waits until the owner has anchored an epoch covering the ehr chain as it is now; the height indexed through. */
    private long waitForIndex() throws IOException, InterruptedException {
        long target;
        try (org.carechain.cli.verify.LedgerClient ledger = org.carechain.cli.verify.LedgerClient.connect(
                "127.0.0.1:" + cluster.uri(CareChainService.LEDGER_0).getPort())) {
            target = ledger.treeHead(GetTreeHeadRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).build())
                    .getTreeHead().getHeight();
        }
        HttpClient http = HttpClient.newHttpClient();
        String token = tokens.mint("demo-auditor", List.of("auditor"), Duration.ofMinutes(5));
        long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            cluster.uri(CareChainService.SEARCH).resolve("/api/v1/search/owner/progress"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode progress = JSON.readTree(response.body());
                long height = progress.path("ehrHeight").asLong();
                if (height >= target && !progress.path("pending").asBoolean() && progress.hasNonNull("anchor")) {
                    return height;
                }
            }
            Thread.sleep(500);
        }
        return 0;
    }
}

package org.carechain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.interop.AccessReportClient;
import org.carechain.cli.interop.ConsentClient;
import org.carechain.cli.interop.ExchangeClient;
import org.carechain.cli.interop.InteropFailure;
import org.carechain.cli.interop.InteropOptions;
import org.carechain.cli.search.SearchClient;
import org.carechain.cli.search.SearchSetup;
import org.carechain.cli.verify.VerifyFiles;
import org.carechain.crypto.Hash;
import org.carechain.ehr.exchange.ExchangeVerifier;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.record.Pseudonyms;

/**
 * The interoperability part of the demo: a patient known to hospital1 and hospital2 lets hospital1
 * read some of their records; a hospital1 clinician fetches them from hospital2 through hospital1's
 * gateway and verifies each against the chain; an altered record is caught and not shown; the
 * patient revokes and the next fetch is refused; break-the-glass still works and shows in the
 * patient's trail and in the auditors' report. It prints types, counts, codes and pseudonyms only.
 */
public final class InteropDemo {

    public static final String REQUESTER = "hospital1";
    public static final String HOLDER = "hospital2";
    static final List<String> GRANTED_TYPES = List.of("Observation", "Condition");
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalCluster cluster;
    private final DevTokenIssuer tokens;
    private final PrintStream out;
    private final EhrDemo ehr;
    private final HttpClient http = HttpClient.newHttpClient();

    public InteropDemo(LocalCluster cluster, DevTokenIssuer tokens, PrintStream out) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.out = out;
        this.ehr = new EhrDemo(cluster, tokens, out);
    }

    /** A patient both hospitals hold: the consortium pseudonym, hospital2's local id, and a type for the emergency. */
    public record SharedPatient(Hash patientRef, String holderLocalId, String emergencyType) {}

    /** Returns the number of failed checks. */
    public int run(LedgerDemo.Reporter report) {
        try {
            return runChecked(report);
        } catch (SQLException | IOException | GeneralSecurityException | InteropFailure | RuntimeException e) {
            return report.line(false, "interop demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "interop demo interrupted");
        }
    }

    private int runChecked(LedgerDemo.Reporter report) throws SQLException, IOException, GeneralSecurityException,
            InteropFailure, InterruptedException {
        int failures = 0;
        if (!ehr.awaitCaptured(HOLDER, Duration.ofSeconds(90))) {
            return report.line(false, HOLDER + "'s records are not on the chain; run the EHR scene first");
        }
        SharedPatient patient = sharedPatient();
        String patientApp = tokens.mint("demo-patient-app", List.of("patient"), Duration.ofMinutes(15),
                Map.of("patient_ref", patient.patientRef().toHex()));
        out.println("  A synthetic patient known to both hospital1 and hospital2 (pseudonym "
                + patient.patientRef().toHex().substring(0, 16) + "...) uses a patient app.");

        ConsentClient consent = new ConsentClient(cluster.uri(InteropOptions.LOCAL_GATEWAY));
        ConsentClient.Submitted grant = consent.grant(patientApp, new ConsentClient.Grant(false, REQUESTER, null,
                GRANTED_TYPES, List.of(), List.of(), null, Instant.now().plus(Duration.ofDays(30))));
        failures += report.line(grant.transaction().matches("[0-9a-f]{64}"), "the patient grants hospital1 Observation"
                + " and Condition for a month: consent grant " + grant.transaction().substring(0, 16) + "... on the ehr"
                + " channel" + (grant.committed() ? ", committed at height " + grant.height() : ""));

        SearchClient.Credentials clinician = SearchSetup.clinician(cluster, tokens);
        out.println("  A hospital1 clinician (anonymous certificate " + clinician.certificate().pseudonym()
                + ", logged in with it) asks hospital1's gateway for the patient's records at hospital2:");
        failures += report.line(awaitDecision(patient, clinician, "permit"),
                "hospital2's node sees the grant: its consent decision for this clinician is permit");
        ExchangeClient exchange = new ExchangeClient(cluster.uri(InteropOptions.LOCAL_GATEWAY),
                VerifyFiles.genesis(cluster.config().consortiumDir().resolve("genesis").resolve("ehr.json")));
        ExchangeClient.Request request = new ExchangeClient.Request(HOLDER, patient.patientRef(), GRANTED_TYPES, null,
                null, null, false);
        ExchangeClient.Result read = exchange.fetch(request, clinician);
        failures += report.line(read.allVerified() && !read.verified().isEmpty(), "$ carechain exchange fetch --provider"
                + " hospital2 --types Observation,Condition: " + read.verified().size() + " record(s) " + read.verifiedTypes()
                + ", every one verified against the chain before it is shown (" + read.reason() + ")");

        out.println("  Someone edits one of these Observations at hospital2 behind capture's back:");
        failures += tamperedRecordIsCaught(report, exchange, request, clinician, patient);

        ConsentClient.Submitted revoked = consent.revoke(patientApp, Hash.fromHex(grant.transaction()));
        failures += report.line(revoked.transaction().matches("[0-9a-f]{64}"), "the patient revokes the grant (revocation "
                + revoked.transaction().substring(0, 16) + "...)");
        awaitDecision(patient, clinician, "deny");
        try {
            exchange.fetch(request, clinician);
            failures += report.line(false, "the fetch after the revocation was served");
        } catch (InteropFailure refused) {
            boolean revokedReason = "CONSENT_REVOKED".equals(refused.reason());
            failures += report.line(revokedReason, "the same fetch is now refused (" + refused.reason() + ")"
                    + (revokedReason ? "; the refusal is an access event too" : ": " + refused.getMessage()));
        }

        ExchangeClient.Result override = exchange.fetch(new ExchangeClient.Request(HOLDER, patient.patientRef(),
                List.of(patient.emergencyType()), null, null, "ETREAT", true), clinician);
        failures += report.line("EMERGENCY_OVERRIDE".equals(override.reason()) && override.allVerified(),
                "an emergency (break-the-glass, purpose ETREAT) for " + patient.emergencyType() + ": served without consent"
                        + " (" + override.reason() + "), " + override.verified().size() + " record(s) verified");

        List<JsonNode> accesses = awaitTrail(patientApp, found -> kinds(found).containsAll(
                Set.of("READ/PERMITTED", "READ/REFUSED/CONSENT_REVOKED", "OVERRIDE/PERMITTED")));
        failures += report.line(kinds(accesses).containsAll(Set.of("READ/PERMITTED", "READ/REFUSED/CONSENT_REVOKED",
                "OVERRIDE/PERMITTED")), "the patient's trail (GET /api/v1/patients/me/trail) shows the accesses: "
                + String.join(", ", kinds(accesses)));

        String auditor = tokens.mint("demo-auditor", List.of("auditor"), Duration.ofMinutes(5));
        JsonNode audit = new AccessReportClient(cluster.uri(CareChainService.LEDGER_3))
                .fhir(auditor, new AccessReportClient.Query(patient.patientRef(), null, null, null));
        out.println("  $ carechain access-report --patient " + patient.patientRef().toHex().substring(0, 16) + "... --fhir"
                + " (asked at ledger-3, a node of neither hospital):");
        int shown = 0;
        for (JsonNode entry : audit.path("entry")) {
            JsonNode event = entry.path("resource");
            List<String> purposes = new ArrayList<>();
            event.path("purposeOfEvent").path(0).path("coding").forEach(c -> purposes.add(c.path("code").asText()));
            out.println("      AuditEvent " + event.path("type").path("code").asText() + " outcome "
                    + event.path("outcome").asText() + " " + event.path("outcomeDesc").asText() + " purpose "
                    + String.join("+", purposes) + " custodian " + event.path("source").path("site").asText());
            shown++;
        }
        failures += report.line("Bundle".equals(audit.path("resourceType").asText()) && shown >= 3,
                "the auditors' report is a FHIR Bundle of " + shown + " AuditEvent(s), each with the decision it rested on");
        return failures;
    }

    private int tamperedRecordIsCaught(LedgerDemo.Reporter report, ExchangeClient exchange, ExchangeClient.Request request,
            SearchClient.Credentials clinician, SharedPatient patient) throws SQLException, InteropFailure, IOException,
            InterruptedException {
        String observation;
        String original;
        try (Connection db = ehr.connect(HOLDER); PreparedStatement select = db.prepareStatement("SELECT res_id,"
                + " content::text FROM fhir_resource WHERE res_type = 'Observation' AND patient_id = ? ORDER BY res_id LIMIT 1")) {
            select.setString(1, patient.holderLocalId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return report.line(false, "the patient has no Observation at hospital2");
                }
                observation = row.getString(1);
                original = row.getString(2);
            }
        }
        Hash altered = new Pseudonyms(ehr.keys(HOLDER)).recordRef(HOLDER, "Observation", observation);
        ehr.bypassCapture(HOLDER, "UPDATE fhir_resource SET content = jsonb_set(content, '{status}', CASE WHEN"
                + " content->>'status' = 'amended' THEN '\"corrected\"'::jsonb ELSE '\"amended\"'::jsonb END)"
                + " WHERE res_type = 'Observation' AND res_id = ?", observation);
        int failures = 0;
        try {
            ExchangeClient.Result result = exchange.fetch(request, clinician);
            boolean caught = result.mismatches().equals(List.of(new ExchangeVerifier.Mismatch(altered,
                    ExchangeVerifier.Problem.CONTENT_ALTERED)))
                    && result.verified().stream().noneMatch(e -> e.recordRef().equals(altered));
            failures += report.line(caught, "the fetch reports Observation " + altered.toHex().substring(0, 16) + "... "
                    + (result.mismatches().isEmpty() ? "as verified" : result.mismatches().get(0).problem().toString())
                    + " and does not show it; the other " + result.verified().size() + " record(s) verified");
            failures += report.line(result.mismatchesReported(), "the clinician's app reports the mismatch to hospital1's"
                    + " gateway (audit log, carechain_exchange_mismatches_total by provider and problem)");
        } finally {
            ehr.bypassCapture(HOLDER, "UPDATE fhir_resource SET content = ?::jsonb WHERE res_type = 'Observation'"
                    + " AND res_id = ?", original, observation);
        }
        failures += report.line(exchange.fetch(request, clinician).allVerified(),
                "restored the same way: every record verifies again");
        return failures;
    }

    /** The first patient of hospital2 with Observations and Conditions whom hospital1 holds too. */
    public SharedPatient sharedPatient() throws SQLException {
        Set<Hash> atRequester = new HashSet<>();
        Pseudonyms requester = new Pseudonyms(ehr.keys(REQUESTER));
        try (Connection db = ehr.connect(REQUESTER); PreparedStatement select = db.prepareStatement(
                "SELECT content::text FROM fhir_resource WHERE res_type = 'Patient'"); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                PatientLinks.mpiId(Fhir.parse(rows.getString(1))).ifPresent(mpi -> atRequester.add(requester.patientRef(mpi)));
            }
        }
        Pseudonyms holder = new Pseudonyms(ehr.keys(HOLDER));
        try (Connection db = ehr.connect(HOLDER); PreparedStatement select = db.prepareStatement("SELECT p.res_id,"
                + " p.content::text FROM fhir_resource p WHERE p.res_type = 'Patient'"
                + " AND EXISTS (SELECT 1 FROM fhir_resource o WHERE o.patient_id = p.res_id AND o.res_type = 'Observation')"
                + " AND EXISTS (SELECT 1 FROM fhir_resource c WHERE c.patient_id = p.res_id AND c.res_type = 'Condition')"
                + " ORDER BY p.res_id"); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String localId = rows.getString(1);
                java.util.Optional<String> mpi = PatientLinks.mpiId(Fhir.parse(rows.getString(2)));
                if (mpi.isPresent() && atRequester.contains(holder.patientRef(mpi.get()))) {
                    return new SharedPatient(holder.patientRef(mpi.get()), localId, emergencyType(db, localId));
                }
            }
        }
        throw new IllegalStateException("no patient with Observations and Conditions at " + HOLDER + " is known to "
                + REQUESTER);
    }

    private static String emergencyType(Connection db, String localId) throws SQLException {
        try (PreparedStatement types = db.prepareStatement("SELECT res_type FROM fhir_resource WHERE patient_id = ?"
                + " AND res_type NOT IN ('Patient', 'Observation', 'Condition') GROUP BY res_type ORDER BY count(*) DESC,"
                + " res_type")) {
            types.setString(1, localId);
            try (ResultSet rows = types.executeQuery()) {
                return rows.next() ? rows.getString(1) : "Observation";
            }
        }
    }

    /** Waits until hospital2's node decides {@code wanted} for the clinician's Observation request. */
    private boolean awaitDecision(SharedPatient patient, SearchClient.Credentials clinician, String wanted)
            throws IOException, InterruptedException {
        ConsentClient holder = new ConsentClient(cluster.uri(CareChainService.LEDGER_1));
        String auditor = tokens.mint("demo-auditor", List.of("auditor"), Duration.ofMinutes(5));
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ConsentClient.Decision decision = holder.decide(auditor, new ConsentClient.Question(patient.patientRef(),
                        "Observation", null, null, false, clinician.certificate().pseudonym(), REQUESTER, null, null));
                if (decision.permitted() == "permit".equals(wanted)) {
                    return true;
                }
            } catch (InteropFailure e) {
                // not ready yet: ask again
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** The patient's access events from their trail, once {@code done} holds or the wait is over. */
    private List<JsonNode> awaitTrail(String patientApp, Predicate<List<JsonNode>> done) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<JsonNode> accesses = new ArrayList<>();
        while (true) {
            accesses.clear();
            long from = 0;
            while (true) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(cluster.uri(InteropOptions.LOCAL_GATEWAY)
                                .resolve("/api/v1/patients/me/trail?limit=100&from=" + from))
                        .header("Authorization", "Bearer " + patientApp).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() != 200) {
                    throw new IOException("the trail answered " + page.statusCode());
                }
                JsonNode json = JSON.readTree(page.body());
                json.path("events").forEach(e -> {
                    if (e.path("transaction").hasNonNull("access")) {
                        accesses.add(e.path("transaction").path("access"));
                    }
                });
                if (!json.hasNonNull("next")) {
                    break;
                }
                from = json.path("next").asLong();
            }
            if (done.test(accesses) || System.nanoTime() > deadline) {
                return accesses;
            }
            Thread.sleep(500);
        }
    }

    /** Each access as KIND/OUTCOME, with the reason of a refusal. */
    private static List<String> kinds(List<JsonNode> accesses) {
        return accesses.stream().map(a -> a.path("kind").asText() + "/" + a.path("outcome").asText()
                + ("REFUSED".equals(a.path("outcome").asText()) ? "/" + a.path("reason").asText() : "")).distinct().toList();
    }
}

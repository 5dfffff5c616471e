package org.carechain.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechain.cli.audit.EhrAudit;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.crypto.Hash;
import org.carechain.ehr.audit.ChainRecord;
import org.carechain.ehr.audit.Finding;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;
import org.carechain.ehr.seed.EhrSeeder;
import org.carechain.ehr.seed.SyntheticPopulation;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.ProviderSignificance;

/**
 * The EHR part of the demo: three hospitals keep their own FHIR databases; each one's ledger node
 * captures every committed change onto the ehr channel; a record is proven; a change made behind
 * capture's back is found by the audit; a patient app reads its own trail. All data is synthetic.
 */
public final class EhrDemo {

    /** Synthetic patients per provider; the population is shared, so providers overlap. */
    public static final int PATIENTS = 30;
    public static final long SEED = 42;
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(90);

    private final LocalCluster cluster;
    private final DevTokenIssuer tokens;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    public EhrDemo(LocalCluster cluster, DevTokenIssuer tokens, PrintStream out) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.out = out;
    }

    /** Returns the number of failed checks. */
    public int run(LedgerDemo.Reporter report) {
        try {
            return runChecked(report);
        } catch (SQLException | IOException | RuntimeException e) {
            return report.line(false, "EHR demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "EHR demo interrupted");
        }
    }

    private int runChecked(LedgerDemo.Reporter report) throws SQLException, IOException, InterruptedException {
        int failures = 0;
        out.println("  hospital1, hospital2 and hospital3 each keep their own PostgreSQL EHR database of FHIR R4 resources"
                + " (jsonb). Each hospital's ledger node reads its database's committed changes through logical decoding and"
                + " records each one on the ehr channel as a record event: pseudonyms, a salted content hash, the important"
                + " items the record fills and its security label. No health data leaves the hospital.");
        for (CareChainService node : CareChainService.ehrProviders()) {
            String provider = node.ehrProvider().orElseThrow();
            long start = System.nanoTime();
            try (Connection db = connect(provider)) {
                if (rows(db) == 0) {
                    EhrSeeder.Result seeded = EhrSeeder.seed(db, new SyntheticPopulation(SEED), provider, PATIENTS);
                    out.println("  " + provider + ": wrote " + seeded.rows() + " synthetic resources of " + PATIENTS
                            + " patients (patients are drawn from one shared population, so hospitals overlap)");
                }
            }
            boolean captured = awaitCaptured(provider, CAPTURE_WAIT);
            failures += report.line(captured, provider + ": the chain holds a live record for every row ("
                    + (captured ? String.format("%.1f s", (System.nanoTime() - start) / 1e9) : "not within " + CAPTURE_WAIT)
                    + ", read from ledger-3)");
        }

        out.println("  Significance now counts real records: completeness (important items filled) times uniqueness"
                + " (1/n when n hospitals hold that item for the patient), summed per hospital, plus R per block proposed:");
        org.carechain.cli.verify.LedgerClient ledger = org.carechain.cli.verify.LedgerClient.connect(cluster.auditTarget());
        try {
            for (ProviderSignificance row : ledger.significance(Channel.CHANNEL_EHR, 0).getProvidersList()) {
                out.printf("        %-16s %s%n", row.getProvider(),
                        java.math.BigDecimal.valueOf(row.getSignificanceNano(), 9).toPlainString());
            }
        } finally {
            ledger.close();
        }

        String provider = "hospital1";
        CareChainService node = CareChainService.LEDGER_0;
        String observation;
        String content;
        try (Connection db = connect(provider); Statement query = db.createStatement();
                ResultSet first = query.executeQuery("SELECT res_id, content::text FROM fhir_resource "
                        + "WHERE res_type = 'Observation' ORDER BY res_id LIMIT 1")) {
            first.next();
            observation = first.getString(1);
            content = first.getString(2);
        }
        out.println("  A record proof: GET /api/v1/records/Observation/" + observation + "/proof at hospital1's node"
                + " (clinician token), and the same event fetched from ledger-3 and checked against the genesis:");
        failures += report.line(verifyRecord(node, observation) == 0, "carechain verify record: Observation " + observation
                + " is what the chain's latest event recorded, under a block certified by the genesis validators");

        out.println("  A change behind capture's back: someone takes fhir_resource out of the capture publication, edits"
                + " the Observation's status, and puts the table back. Capture never sees the edit; the audit does:");
        String original = content;
        List<Finding> before = audit(provider);
        bypassCapture(provider, "UPDATE fhir_resource SET content = jsonb_set(content, '{status}', '\"cancelled\"') "
                + "WHERE res_type = 'Observation' AND res_id = ?", observation);
        List<Finding> findings = new ArrayList<>(audit(provider));
        findings.removeAll(before);
        boolean found = findings.size() == 1 && findings.get(0).kind() == Finding.Kind.CHANGED_WITHOUT_TRACE;
        failures += report.line(found, "carechain audit --provider hospital1: " + findings.size() + " new finding(s)"
                + (findings.isEmpty() ? "" : ", " + findings.get(0).kind() + ": " + findings.get(0).explanation()));
        failures += report.line(verifyRecord(node, observation) == 1,
                "carechain verify record now refuses the Observation: its row no longer matches the chain");
        bypassCapture(provider, "UPDATE fhir_resource SET content = ?::jsonb WHERE res_type = 'Observation' AND res_id = ?",
                original, observation);
        failures += report.line(audit(provider).equals(before), "restored the same way: the audit finds "
                + (before.isEmpty() ? "nothing again" : "only what it found before the demo's edit (" + before.size() + ")"));

        Hash patient = patientOf(provider, content);
        String token = tokens.mint("demo-patient-app", List.of("patient"), Duration.ofMinutes(5),
                Map.of("patient_ref", patient.toHex()));
        HttpResponse<String> trail = http.send(HttpRequest.newBuilder(cluster.uri(node).resolve("/api/v1/patients/me/trail?limit=100"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        int events = trail.body().split("\"transaction\"", -1).length - 1;
        failures += report.line(trail.statusCode() == 200 && events > 0, "the patient's app (token with its pseudonym"
                + " as patient_ref) reads its own trail: GET /api/v1/patients/me/trail lists " + events + " record event(s)");
        return failures;
    }

    /**
     * Waits until the chain holds at least as many live records of the provider as its database has
     * rows: after seeding an empty database, until every row is captured.
     */
    public boolean awaitCaptured(String provider, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = connect(provider)) {
            while (true) {
                long rows = rows(db);
                if (rows > 0 && liveRecords(provider) >= rows) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The chain's view of the provider's records, from ledger-3. */
    public List<ChainRecord> chainRecords(String provider) {
        org.carechain.cli.verify.LedgerClient ledger = org.carechain.cli.verify.LedgerClient.connect(cluster.auditTarget());
        try {
            return org.carechain.cli.audit.ChainListing.read(ledger.records(Channel.CHANNEL_EHR, provider)).records();
        } finally {
            ledger.close();
        }
    }

    /** The audit of the provider's database against the chain's view. */
    public List<Finding> audit(String provider) throws SQLException {
        try (Connection db = connect(provider)) {
            return new EhrAudit(provider, keys(provider)).run(db, "public.fhir_resource", chainRecords(provider), rows -> {})
                    .findings();
        }
    }

    /**
     * Runs statements on the provider's database while its table is out of the capture publication:
     * the changes are committed but never decoded, as if capture had been bypassed.
     */
    public void bypassCapture(String provider, String statement, Object... parameters) throws SQLException {
        try (Connection db = connect(provider); Statement ddl = db.createStatement()) {
            ddl.execute("ALTER PUBLICATION carechain_capture DROP TABLE fhir_resource");
            try (PreparedStatement edit = db.prepareStatement(statement)) {
                for (int i = 0; i < parameters.length; i++) {
                    edit.setObject(i + 1, parameters[i]);
                }
                edit.executeUpdate();
            } finally {
                ddl.execute("ALTER PUBLICATION carechain_capture ADD TABLE fhir_resource");
            }
        }
    }

    public Connection connect(String provider) throws SQLException {
        return cluster.config().postgres().connectTo(cluster.config().ehrDatabaseName(provider));
    }

    public ProviderKeys keys(String provider) {
        try {
            return ProviderKeys.load(new LocalConsortium(cluster.config().consortiumDir()).providerKeysDir(provider));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the keys of " + provider + ": " + e.getMessage(), e);
        }
    }

    private Hash patientOf(String provider, String content) {
        String mpi = PatientLinks.mpiId(Fhir.parse(content)).orElseThrow();
        return new Pseudonyms(keys(provider)).patientRef(mpi);
    }

    /** {@code carechain verify record} against the node's REST proof and ledger-3's copy of the event; its exit code. */
    private int verifyRecord(CareChainService node, String observation) {
        String token = tokens.mint("demo-clinician", List.of("clinician"), Duration.ofMinutes(5));
        picocli.CommandLine command = org.carechain.cli.CareChainCommand.commandLine();
        java.io.StringWriter printed = new java.io.StringWriter();
        command.setOut(new java.io.PrintWriter(printed));
        command.setErr(new java.io.PrintWriter(printed));
        int exit = command.execute("verify", "record", "--type", "Observation", "--id", observation,
                "--node", cluster.uri(node).toString(), "--token", token, "--target", cluster.auditTarget(),
                "--genesis", new LocalConsortium(cluster.config().consortiumDir()).genesisDir().resolve("ehr.json").toString());
        printed.toString().lines().forEach(line -> out.println("      " + line));
        return exit;
    }

    private long liveRecords(String provider) {
        return chainRecords(provider).stream().filter(ChainRecord::live).count();
    }

    private static long rows(Connection db) throws SQLException {
        return EhrAudit.rowCount(db, "public.fhir_resource");
    }
}

package org.carechain.cli.demo;

import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.cli.cluster.LocalPki;
import org.carechain.cli.trace.TraceFailure;
import org.carechain.cli.trace.TraceOfficer;
import org.carechain.cli.trace.TraceOfficer.Answer;
import org.carechain.cli.trace.TraceOfficer.Stage;
import org.carechain.cli.verify.LedgerClient;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.ledger.core.verify.TransactionQuery;
import org.carechain.ledger.core.verify.VerificationException;
import org.carechain.proto.ledger.v1.GetTransactionRequest;

/**
 * The tracing part of the demo: a court orders the consortium to find out who held an anonymous
 * certificate. Officers of the local consortium ({@link LocalPki#OFFICERS}, 2 of 3 needed) go
 * through the same steps as {@code carechain trace} (the same {@link TraceOfficer}): one asks,
 * one approval is shown not to be enough, a second officer approves, both send partial
 * decryptions of the link tag and then of the identity, and the officer who asked reads the
 * identity. The registration id is never printed.
 */
public final class TraceDemo {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final LocalCluster cluster;
    private final DevTokenIssuer tokens;
    private final PrintStream out;
    private final LocalPki pki;

    public TraceDemo(LocalCluster cluster, DevTokenIssuer tokens, PrintStream out) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.out = out;
        this.pki = new LocalConsortium(cluster.config().consortiumDir()).pki();
    }

    /** An officer of the local consortium, as {@code carechain trace --officer <id>} acts for it. */
    public TraceOfficer officer(String officerId) {
        return new TraceOfficer(cluster.uri(CareChainService.CERTIFICATE), cluster.uri(CareChainService.REGISTRATION),
                officerId, tokens.mint(officerId, List.of("ca-officer"), Duration.ofMinutes(10)));
    }

    /** Returns the number of failed checks. */
    public int run(LedgerDemo.Reporter report) {
        try {
            return runChecked(report);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return report.line(false, "tracing demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "tracing demo interrupted");
        }
    }

    private int runChecked(LedgerDemo.Reporter report) throws IOException, GeneralSecurityException, InterruptedException {
        int failures = 0;
        String first = LocalPki.OFFICERS.get(0);
        String second = LocalPki.OFFICERS.get(1);
        int k = LocalPki.TRACING_THRESHOLD;

        // A certificate to trace: another synthetic patient, enrolled and certified as in the PKI scene.
        PkiDemo pkiDemo = new PkiDemo(cluster, tokens, out);
        PkiClient.Person person = new PkiClient.Person("Barnaby", "Quillfeather", "1979-03-02",
                PkiDemo.syntheticPatient().nationalId());
        PkiClient.Reply enrolled = pkiDemo.client().enrol(person, "patient", "hospital2", pkiDemo.registrarToken());
        String credential = enrolled.field("credential.encoded");
        if (enrolled.status() != 201 || credential == null) {
            return report.line(false, "enrolment for the tracing scene: " + enrolled.status() + " " + enrolled.error());
        }
        KeyPair key = PkiClient.newAppKey();
        PkiClient.Reply issued = pkiDemo.client().issue(PkiClient.csr(key), credential);
        if (issued.status() != 201) {
            return report.line(false, "issuance for the tracing scene: " + issued.status() + " " + issued.error());
        }
        AnonymousCertificate certificate = AnonymousCertificate.parsePem(issued.field("certificate"));
        String serial = certificate.serialNumber().toString(16);
        out.println("  Another synthetic patient (" + person.givenName() + " " + person.familyName() + ", national id "
                + person.nationalId() + ") was enrolled at hospital2 and holds an anonymous certificate: serial " + serial
                + ", pseudonym " + certificate.pseudonym() + ". Nobody at the CA can tell whose it is.");
        out.println("  A court orders the consortium to identify the holder. No single CA officer can: it takes " + k
                + " of the " + LocalPki.OFFICERS.size() + " officers (" + String.join(", ", LocalPki.OFFICERS)
                + "), each with their own signing key and their own share of the escrow key. Each step below is what"
                + " `carechain trace ...` does for that officer.");

        // 1. The request.
        TraceOfficer asking = officer(first);
        TraceOfficer approving = officer(second);
        out.println("  " + first + " asks for the trace: carechain trace request --officer " + first + " --serial " + serial
                + " --reason court-order");
        Answer requested = asking.request(serial, "court-order");
        String traceId = requested.text("traceId");
        failures += report.line(traceId != null && requested.number("threshold") == k, "trace " + traceId
                + " requested by " + requested.text("requestedBy") + " (court-order), recorded on cbc; it needs "
                + requested.number("threshold") + " approvals");

        // 2. One approval is not enough.
        out.println("  " + first + " approves it: carechain trace approve --officer " + first + " --trace " + traceId
                + " (signs trace id, certificate hash, officer id and time with " + first + "'s own key, on this machine)");
        Answer one = asking.approve(traceId, TraceOfficer.signingKey(pki.officerSigningKeyFile(first)));
        failures += report.line(one.list("approvedBy").equals(List.of(first)), "approvals on cbc: "
                + one.list("approvedBy").size() + " of " + k + " (" + String.join(", ", one.list("approvedBy")) + ")");
        failures += awaitApprovals(asking, traceId, 1, report);
        out.println("  " + first + " tries to start decrypting anyway: carechain trace partial --officer " + first
                + " --trace " + traceId + " --stage link-tag");
        failures += expectRefusal(() -> asking.partial(traceId, TraceOfficer.share(pki.officerShareFile(first)), Stage.LINK_TAG),
                403, "1 of the " + k + " approvals", "registration-service, which reads the approvals from cbc itself,"
                        + " refuses", report);

        // 3. A second officer approves.
        out.println("  " + second + " reviews the court order and approves: carechain trace approve --officer " + second
                + " --trace " + traceId);
        Answer two = approving.approve(traceId, TraceOfficer.signingKey(pki.officerSigningKeyFile(second)));
        failures += report.line(two.list("approvedBy").size() == k, "approvals on cbc: " + two.list("approvedBy").size()
                + " of " + k + " (" + String.join(", ", two.list("approvedBy")) + ")");
        failures += awaitApprovals(asking, traceId, k, report);

        // 4. Link-tag partials.
        out.println("  Each approving officer computes a partial decryption of the certificate's link tag with their own"
                + " share, with a proof that they used it, and sends it: carechain trace partial --stage link-tag.");
        Answer linkOne = asking.partial(traceId, TraceOfficer.share(pki.officerShareFile(first)), Stage.LINK_TAG);
        failures += report.line(!linkOne.json().path("linkTagOpened").asBoolean(), first + "'s partial accepted (proof"
                + " checked): " + linkOne.number("linkTagPartials") + " of " + k + "; one partial opens nothing");
        Answer linkTwo = approving.partial(traceId, TraceOfficer.share(pki.officerShareFile(second)), Stage.LINK_TAG);
        failures += report.line(linkTwo.json().path("linkTagOpened").asBoolean(), second + "'s partial accepted: "
                + linkTwo.number("linkTagPartials") + " of " + k + "; the RBC combines them and the link tag opens to a"
                + " registration of its own (the registration id stays inside the RBC and is not shown)");

        // 5. Identity partials.
        out.println("  The same officers now decrypt the identity envelope the RBC holds for that registration:"
                + " carechain trace partial --stage identity.");
        Answer idOne = asking.partial(traceId, TraceOfficer.share(pki.officerShareFile(first)), Stage.IDENTITY);
        Answer idTwo = approving.partial(traceId, TraceOfficer.share(pki.officerShareFile(second)), Stage.IDENTITY);
        failures += report.line(idOne.status() == 200 && idTwo.json().path("identityReady").asBoolean(),
                "identity partials: " + idTwo.number("identityPartials") + " of " + k + "; the identity is ready for the"
                        + " officer who asked");

        // 6. Disclosure, to the officer who asked only.
        failures += expectRefusal(() -> approving.identity(traceId), 403, "asked for the trace",
                second + " asks to see the identity (carechain trace identity): refused", report);
        out.println("  " + first + " reads it: carechain trace identity --officer " + first + " --trace " + traceId);
        Answer identity = asking.identity(traceId);
        boolean matches = person.givenName().toLowerCase(Locale.ROOT).equals(identity.text("givenName"))
                && person.familyName().toLowerCase(Locale.ROOT).equals(identity.text("familyName"))
                && person.birthDate().equals(identity.text("birthDate"))
                && person.nationalId().equals(identity.text("nationalId"));
        failures += report.line(matches, "the certificate's holder: " + identity.text("givenName") + " "
                + identity.text("familyName") + ", born " + identity.text("birthDate") + ", national id "
                + identity.text("nationalId") + " (as enrolled, names in canonical form)");

        // 7. The record of it all.
        out.println("  The escrow private key was never put together: each officer's share stayed with that officer"
                + " and only produced a partial decryption, with a proof, of this link tag and this envelope; the RBC"
                + " combined " + k + " of them into the opening of these two ciphertexts, never into the key. And"
                + " every step is on record:");
        failures += onCbc(traceId, List.of(first, second), report);
        failures += audited(traceId, report);
        return failures;
    }

    /** Waits until registration-service reads {@code count} approvals of the trace on cbc (its ledger node may lag). */
    private int awaitApprovals(TraceOfficer officer, String traceId, int count, LedgerDemo.Reporter report)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = List.of();
        while (true) {
            try {
                seen = officer.progress(traceId).list("approvedBy").stream().sorted().toList();
            } catch (TraceFailure notYet) {
                // 403 until the request itself is on the RBC's ledger node.
                if (notYet.httpStatus() != 403 || System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            if (seen.size() >= count || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        return report.line(seen.size() == count, "registration-service reads on cbc: " + seen.size() + " approval(s) ("
                + String.join(", ", seen) + "), each signature checked against the officers' keys in its own copy of"
                + " the cbc genesis");
    }

    private int expectRefusal(Runnable step, int status, String reason, String label, LedgerDemo.Reporter report) {
        try {
            step.run();
            return report.line(false, label + ": it was accepted");
        } catch (TraceFailure failure) {
            return report.line(failure.httpStatus() == status && failure.getMessage().contains(reason),
                    label + ": " + failure.getMessage());
        }
    }

    /** The request and each approval are committed on cbc, with proofs a client checks against the genesis alone. */
    private int onCbc(String traceId, List<String> officers, LedgerDemo.Reporter report) throws IOException {
        Genesis cbc = GenesisJson.parse(Files.readString(new LocalConsortium(cluster.config().consortiumDir())
                .genesisDir().resolve("cbc.json")));
        LedgerVerifier verifier = LedgerVerifier.forGenesis(cbc);
        List<String> keys = new ArrayList<>(List.of("cbc/trace/" + traceId));
        officers.forEach(officer -> keys.add("cbc/trace/" + traceId + "/approval/" + officer));
        List<String> blocks = new ArrayList<>();
        LedgerClient ledger = LedgerClient.connect(cluster.auditTarget());
        try {
            for (String key : keys) {
                TransactionProof proof = ResponseMapping.transactionProof(ledger.transaction(GetTransactionRequest.newBuilder()
                        .setChannel(ResponseMapping.channel(cbc.channel())).setIdempotencyKey(key).build()));
                verifier.verifyTransaction(TransactionQuery.byIdempotencyKey(key), proof);
                blocks.add(key.substring(key.lastIndexOf('/') + 1).equals(traceId) ? "request in block " + proof.height()
                        : key.substring(key.lastIndexOf('/') + 1) + "'s approval in block " + proof.height());
            }
        } catch (StatusRuntimeException e) {
            return report.line(false, "cbc: " + ledger.describe(e));
        } catch (VerificationException | IllegalArgumentException e) {
            return report.line(false, "cbc: a trace record does not verify: " + e.getMessage());
        } finally {
            ledger.close();
        }
        return report.line(true, "on cbc, each with its inclusion proof and commit certificate checked against the cbc"
                + " genesis (ledger-3): " + String.join(", ", blocks));
    }

    /** Every step is in the two services' audit logs, under the officer who took it. */
    private int audited(String traceId, LedgerDemo.Reporter report) {
        List<String> steps = new ArrayList<>();
        try {
            steps.addAll(auditRows(CareChainService.CERTIFICATE, traceId));
            steps.addAll(auditRows(CareChainService.REGISTRATION, traceId));
        } catch (SQLException e) {
            return report.line(false, "audit log: " + e.getMessage());
        }
        Predicate<String> has = steps::contains;
        String first = LocalPki.OFFICERS.get(0);
        String second = LocalPki.OFFICERS.get(1);
        boolean complete = List.of(first + " trace.request", first + " trace.approve", second + " trace.approve",
                first + " trace.partial.link-tag", second + " trace.partial.link-tag", first + " trace.partial.identity",
                second + " trace.partial.identity", first + " trace.disclose").stream().allMatch(has);
        return report.line(complete, "the audit logs (certificate-service, then registration-service): "
                + String.join("; ", steps));
    }

    private List<String> auditRows(CareChainService service, String traceId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = cluster.config().postgres().connectTo(cluster.config().databaseName(service));
                PreparedStatement query = connection.prepareStatement(
                        "SELECT actor, action FROM audit_event WHERE action LIKE 'trace.%' AND outcome = ? ORDER BY id")) {
            // The audit row's outcome holds the trace id's first 16 digits.
            query.setString(1, traceId.substring(0, 16));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2));
                }
            }
        }
        return rows;
    }
}

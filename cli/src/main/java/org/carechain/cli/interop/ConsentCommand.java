package org.carechain.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carechain consent grant|revoke|list|decide}: a patient's consent on the ehr channel
 * (docs/interop.md). Grant, revoke and list act for the patient of the token ({@code patient_ref});
 * on the local cluster {@code --patient} mints a development patient token instead.
 */
@Command(name = "consent", mixinStandardHelpOptions = true,
        description = "A patient's consent on the chain: grant, revoke, list, and ask for a decision.",
        subcommands = {ConsentCommand.Grant.class, ConsentCommand.Revoke.class, ConsentCommand.ListGrants.class,
                ConsentCommand.Decide.class})
public final class ConsentCommand {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int CANNOT_RUN = 2;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final List<String> LABELS = List.of("U", "L", "M", "N", "R", "V");

    /** What grant, revoke and list share: the gateway, and the patient's token or (locally) pseudonym. */
    abstract static class PatientCall implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        InteropOptions where;

        @Option(names = "--patient", paramLabel = "REF", description = "Local cluster only, without --token-file: act as "
                + "this patient (pseudonym, 64 hex) with a development patient token.")
        String patient;

        String patientToken() {
            if (where.hasTokenFile()) {
                if (patient != null) {
                    throw new IllegalArgumentException("give --token-file or --patient, not both: the token names the patient");
                }
                return where.token(null, null, Map.of());
            }
            if (patient == null) {
                throw new IllegalArgumentException("--token-file (a patient token with patient_ref) is required, or on the "
                        + "local cluster --patient REF");
            }
            return where.patientToken(InteropOptions.patientRef(patient, "--patient"));
        }

        ConsentClient client() {
            return new ConsentClient(where.gateway());
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                return run(out);
            } catch (InteropFailure failure) {
                err.println("carechain: " + failure.getMessage());
                return REFUSED;
            } catch (IOException | RuntimeException e) {
                err.println("carechain: " + e.getMessage());
                return CANNOT_RUN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CANNOT_RUN;
            }
        }

        abstract int run(PrintWriter out) throws InteropFailure, IOException, InterruptedException;
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Grant (or with --deny, refuse) a provider or one clinician access to the patient's records.")
    static final class Grant extends PatientCall {

        @Option(names = "--provider", paramLabel = "ID", description = "The provider granted, e.g. hospital1.")
        String provider;

        @Option(names = "--clinician", paramLabel = "PSEUDONYM", description = "One clinician's certificate pseudonym "
                + "instead of a whole provider.")
        String clinician;

        @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "FHIR resource types, e.g. "
                + "Observation,Condition; none for every type.")
        List<String> types = List.of();

        @Option(names = "--labels", split = ",", paramLabel = "CODE", description = "Confidentiality codes (U, L, M, N, R, V);"
                + " none for U, L, M and N.")
        List<String> labels = List.of();

        @Option(names = "--purposes", split = ",", paramLabel = "CODE", description = "PurposeOfUse codes, e.g. TREAT; none for any.")
        List<String> purposes = List.of();

        @Option(names = "--from", paramLabel = "INSTANT", description = "Start, ISO-8601 (default now).")
        String from;

        @Option(names = "--until", required = true, paramLabel = "INSTANT",
                description = "The expiry, ISO-8601, e.g. 2027-01-01T00:00:00Z: every grant expires.")
        String until;

        @Option(names = "--deny", description = "A deny provision: it wins over any permit.")
        boolean deny;

        @Override
        int run(PrintWriter out) throws InteropFailure, IOException, InterruptedException {
            if ((provider == null) == (clinician == null)) {
                throw new IllegalArgumentException("give exactly one of --provider and --clinician");
            }
            if (provider != null && !ID.matcher(provider).matches()) {
                throw new IllegalArgumentException("--provider must be a provider id such as hospital1");
            }
            if (clinician != null && !ID.matcher(clinician).matches()) {
                throw new IllegalArgumentException("--clinician must be a certificate pseudonym");
            }
            types.forEach(t -> requireType(t, "--types"));
            for (String label : labels) {
                if (!LABELS.contains(label)) {
                    throw new IllegalArgumentException("--labels must be among U, L, M, N, R, V");
                }
            }
            for (String purpose : purposes) {
                if (!purpose.matches("[A-Z][A-Z_]{1,31}")) {
                    throw new IllegalArgumentException("--purposes must be PurposeOfUse codes such as TREAT");
                }
            }
            Instant start = from == null ? null : instant(from, "--from");
            Instant end = instant(until, "--until");
            if (!end.isAfter(start == null ? Instant.now() : start)) {
                throw new IllegalArgumentException("--until must be after " + (start == null ? "now" : "--from"));
            }
            ConsentClient.Submitted submitted = client().grant(patientToken(), new ConsentClient.Grant(deny, provider,
                    clinician, types, labels, purposes, start, end));
            out.println((deny ? "deny" : "permit") + " for " + (provider != null ? "provider " + provider
                    : "clinician " + clinician) + (types.isEmpty() ? ", every type" : ", " + String.join(",", types))
                    + " until " + end);
            out.println("grant " + submitted.transaction() + (submitted.committed() ? " committed at height "
                    + submitted.height() : " admitted, waiting for its block"));
            return OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke one of the patient's grants from the next block on; accesses made before stay lawful.")
    static final class Revoke extends PatientCall {

        @Option(names = "--grant", required = true, paramLabel = "TX", description = "The grant's transaction hash (64 hex).")
        String grant;

        @Override
        int run(PrintWriter out) throws InteropFailure, IOException, InterruptedException {
            if (!grant.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("--grant must be a transaction hash of 64 lowercase hex digits");
            }
            ConsentClient.Submitted submitted = client().revoke(patientToken(), Hash.fromHex(grant));
            out.println("revocation " + submitted.transaction() + " of grant " + grant + (submitted.committed()
                    ? " committed at height " + submitted.height() : " admitted, waiting for its block"));
            return OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The patient's grants (FHIR Consent resources); revoked ones are inactive.")
    static final class ListGrants extends PatientCall {

        @Option(names = "--json", description = "Print the FHIR Bundle of Consent resources as it came.")
        boolean json;

        @Override
        int run(PrintWriter out) throws InteropFailure, IOException, InterruptedException {
            JsonNode bundle = client().list(patientToken());
            if (json) {
                out.println(GatewayHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bundle));
                return OK;
            }
            int count = 0;
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode consent = entry.path("resource");
                JsonNode provision = consent.path("provision");
                java.util.List<String> types = new java.util.ArrayList<>();
                provision.path("class").forEach(c -> types.add(c.path("code").asText()));
                java.util.List<String> actors = new java.util.ArrayList<>();
                provision.path("actor").forEach(a -> actors.add(a.path("reference").path("identifier").path("value")
                        .asText(a.path("reference").path("display").asText("?"))));
                out.printf("%s  %-8s %-6s %-24s %-32s %s .. %s%n", consent.path("id").asText(),
                        consent.path("status").asText(), provision.path("type").asText(), String.join(",", actors),
                        types.isEmpty() ? "every type" : String.join(",", types),
                        provision.path("period").path("start").asText("?"), provision.path("period").path("end").asText("?"));
                count++;
            }
            out.println(count + " grant(s)");
            return OK;
        }
    }

    @Command(name = "decide", mixinStandardHelpOptions = true,
            description = {"Would an access be permitted, why, and on which grants. A clinician asks about themselves; an",
                    "auditor (the local default) names the requester and may replay at a past --height."})
    static final class Decide implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        InteropOptions where;

        @Option(names = "--patient", required = true, paramLabel = "REF", description = "The patient's pseudonym (64 hex).")
        String patient;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "A FHIR resource type.")
        String type;

        @Option(names = "--label", paramLabel = "CODE", description = "The record's confidentiality code (default N).")
        String label;

        @Option(names = "--purpose", paramLabel = "CODE", description = "PurposeOfUse (default TREAT).")
        String purpose;

        @Option(names = "--emergency", description = "Break-the-glass (with --purpose ETREAT).")
        boolean emergency;

        @Option(names = "--requester", paramLabel = "PSEUDONYM", description = "The clinician asking (auditor tokens).")
        String requester;

        @Option(names = "--requesting-provider", paramLabel = "ID", description = "Their provider (default: the gateway's).")
        String requestingProvider;

        @Option(names = "--at", paramLabel = "INSTANT", description = "When, ISO-8601 (default now).")
        String at;

        @Option(names = "--height", paramLabel = "N", description = "Decide on the ehr chain at this height (default latest).")
        Long height;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                requireType(type, "--type");
                if (label != null && !LABELS.contains(label)) {
                    throw new IllegalArgumentException("--label must be one of U, L, M, N, R, V");
                }
                if (height != null && height < 0) {
                    throw new IllegalArgumentException("--height must not be negative");
                }
                if (!where.hasTokenFile() && requester == null) {
                    throw new IllegalArgumentException("--requester is required with the local auditor token");
                }
                ConsentClient.Question question = new ConsentClient.Question(InteropOptions.patientRef(patient, "--patient"),
                        type, label, purpose, emergency, requester, requestingProvider,
                        at == null ? null : instant(at, "--at"), height);
                ConsentClient.Decision decision = new ConsentClient(where.gateway())
                        .decide(where.token("consent-auditor", "auditor", Map.of()), question);
                out.println((decision.permitted() ? "permit" : "deny") + " (" + decision.reason() + "): "
                        + decision.message());
                out.println("  as of ehr height " + decision.consentHeight() + ", resting on "
                        + (decision.basis().isEmpty() ? "no grant" : String.join(", ", decision.basis())));
                return decision.permitted() ? OK : REFUSED;
            } catch (InteropFailure failure) {
                err.println("carechain: " + failure.getMessage());
                return CANNOT_RUN;
            } catch (IOException | RuntimeException e) {
                err.println("carechain: " + e.getMessage());
                return CANNOT_RUN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CANNOT_RUN;
            }
        }
    }

    static void requireType(String type, String option) {
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(option + " must be FHIR resource type names such as Observation");
        }
    }

    static Instant instant(String value, String option) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }
}

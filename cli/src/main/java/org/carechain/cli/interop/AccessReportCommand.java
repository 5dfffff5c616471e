package org.carechain.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carechain access-report}: who accessed a patient's records, or through a provider, and on
 * which consent decision, from the access events on the ehr channel; {@code --fhir} gives the FHIR
 * AuditEvent Bundle a SIEM takes. Pseudonyms, ids, codes and hashes only.
 */
@Command(name = "access-report", mixinStandardHelpOptions = true,
        description = {"The access events of a patient or a provider, each with the consent decision it rested on.",
                "Needs an auditor or admin token (--token-file; default: the local cluster's development issuer)."})
public final class AccessReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InteropOptions where;

    @Option(names = "--patient", paramLabel = "REF", description = "The patient's pseudonym (64 hex).")
    String patient;

    @Option(names = "--provider", paramLabel = "ID", description = "A provider: the accesses it served or asked for.")
    String provider;

    @Option(names = "--from", paramLabel = "WHEN", description = "From (inclusive): YYYY-MM-DD or an ISO-8601 instant.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "To (exclusive): YYYY-MM-DD or an ISO-8601 instant.")
    String to;

    @Option(names = "--fhir", description = "Print the FHIR R4 Bundle of AuditEvent resources (IHE BALP style).")
    boolean fhir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if ((patient == null) == (provider == null)) {
                throw new IllegalArgumentException("give exactly one of --patient and --provider");
            }
            if (provider != null && !provider.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("--provider must be a provider id such as hospital2");
            }
            AccessReportClient.Query query = new AccessReportClient.Query(
                    patient == null ? null : InteropOptions.patientRef(patient, "--patient"), provider,
                    when(from, "--from"), when(to, "--to"));
            AccessReportClient client = new AccessReportClient(where.gateway());
            String token = where.token("access-auditor", "auditor", Map.of());
            if (fhir) {
                out.println(GatewayHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(client.fhir(token, query)));
                return 0;
            }
            List<JsonNode> events = client.events(token, query);
            for (JsonNode entry : events) {
                out.println(line(entry));
            }
            out.println(events.size() + " access event(s)");
            return 0;
        } catch (InteropFailure failure) {
            err.println("carechain: " + failure.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("carechain: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /** One event on one line: when, what, who, where, why (reason, basis, height) and its transaction. */
    public static String line(JsonNode entry) {
        JsonNode event = entry.path("event");
        List<String> basis = new ArrayList<>();
        event.path("basis").forEach(b -> basis.add(b.asText()));
        return String.format("%s  %-8s %-9s %s %s  %s -> %s  %s  %s  basis %s at height %d  %d record(s)  tx %s",
                Instant.ofEpochMilli(event.path("atMillis").asLong()), event.path("kind").asText(),
                event.path("outcome").asText(), event.path("requesterRole").asText(), event.path("requester").asText(),
                event.path("requestingProvider").asText(), event.path("servingProvider").asText(),
                event.path("purposeOfUse").asText(), event.path("reason").asText(),
                basis.isEmpty() ? "-" : String.join(",", basis), event.path("consentHeight").asLong(),
                event.path("recordRefs").size(), entry.path("transaction").asText());
    }

    private static Instant when(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be YYYY-MM-DD or an ISO-8601 instant");
        }
    }
}

package org.carechain.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carechain.crypto.Hash;

/**
 * The access report for compliance (auditor or admin token): the access events about a patient
 * or a provider, each with the consent decision it rested on, as JSON pages or as a FHIR Bundle
 * of AuditEvent resources.
 */
public final class AccessReportClient {

    /** The most events one report gathers, across pages. */
    public static final int MAX_EVENTS = 10_000;

    private final GatewayHttp http;

    public AccessReportClient(URI gateway) {
        this.http = new GatewayHttp(gateway);
    }

    /** Which events: exactly one of a patient and a provider, and an optional time range. */
    public record Query(Hash patient, String provider, Instant from, Instant to) {

        public Query {
            if ((patient == null) == (provider == null)) {
                throw new IllegalArgumentException("give a patient or a provider, not both and not neither");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("--from must be before --to");
            }
        }

        String parameters() {
            StringBuilder query = new StringBuilder(patient != null ? "?patient=" + patient.toHex()
                    : "?provider=" + URLEncoder.encode(provider, StandardCharsets.UTF_8));
            if (from != null) {
                query.append("&from=").append(from);
            }
            if (to != null) {
                query.append("&to=").append(to);
            }
            return query.toString();
        }
    }

    /** Every matching event's JSON entry ({@code logIndex, height, transaction, event}), in chain order. */
    public List<JsonNode> events(String token, Query query) throws InteropFailure, IOException, InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        String after = "";
        while (events.size() < MAX_EVENTS) {
            GatewayHttp.Reply reply = http.get("/api/v1/access-events" + query.parameters() + "&limit=1000" + after, token);
            if (reply.status() != 200) {
                throw InteropFailure.of(reply, "the access report was");
            }
            reply.body().path("events").forEach(events::add);
            JsonNode next = reply.body().path("next");
            if (next.isNull() || next.isMissingNode()) {
                break;
            }
            after = "&after=" + next.asLong();
        }
        return events;
    }

    /** The matching events as a FHIR R4 Bundle of AuditEvent resources (the first 1000). */
    public JsonNode fhir(String token, Query query) throws InteropFailure, IOException, InterruptedException {
        GatewayHttp.Reply reply = http.get("/api/v1/access-events" + query.parameters() + "&limit=1000&format=fhir", token);
        if (reply.status() != 200) {
            throw InteropFailure.of(reply, "the access report was");
        }
        return reply.body();
    }
}

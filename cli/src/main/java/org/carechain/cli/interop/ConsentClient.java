package org.carechain.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * A patient's consent at a provider's gateway (docs/interop.md): grant, revoke and list with a
 * patient token (its {@code patient_ref} is the patient), and ask for a decision with a
 * clinician's or auditor's token.
 */
public final class ConsentClient {

    private final GatewayHttp http;

    public ConsentClient(URI gateway) {
        this.http = new GatewayHttp(gateway);
    }

    /**
     * One provision. Exactly one of {@code actorProvider} and {@code actorClinician}; empty lists
     * mean every type, the default labels (U, L, M, N) and any purpose; {@code start} null for now.
     */
    public record Grant(boolean deny, String actorProvider, String actorClinician, List<String> resourceTypes,
            List<String> securityLabels, List<String> purposes, Instant start, Instant end) {

        public Grant {
            if ((actorProvider == null) == (actorClinician == null)) {
                throw new IllegalArgumentException("name exactly one of a provider and a clinician");
            }
            Objects.requireNonNull(end, "end");
            resourceTypes = List.copyOf(resourceTypes);
            securityLabels = List.copyOf(securityLabels);
            purposes = List.copyOf(purposes);
        }
    }

    /** A grant or revocation on the chain: committed at {@code height}, or admitted (height 0) and waiting. */
    public record Submitted(String transaction, long height) {

        public boolean committed() {
            return height > 0;
        }
    }

    /** A decision: permit or deny, its reason code, and the consent transactions it rests on. */
    public record Decision(boolean permitted, String reason, String message, List<String> basis, long consentHeight) {}

    /** One access question; null fields take the gateway's defaults (N, TREAT, now, latest height). */
    public record Question(Hash patientRef, String resourceType, String securityLabel, String purposeOfUse,
            boolean emergency, String requester, String requestingProvider, Instant at, Long height) {}

    public Submitted grant(String patientToken, Grant grant) throws InteropFailure, IOException, InterruptedException {
        ObjectNode body = GatewayHttp.JSON.createObjectNode();
        body.put("provision", grant.deny() ? "deny" : "permit");
        if (grant.actorProvider() != null) {
            body.put("actorProvider", grant.actorProvider());
        } else {
            body.put("actorClinician", grant.actorClinician());
        }
        grant.resourceTypes().forEach(body.putArray("resourceTypes")::add);
        if (!grant.securityLabels().isEmpty()) {
            grant.securityLabels().forEach(body.putArray("securityLabels")::add);
        }
        if (!grant.purposes().isEmpty()) {
            grant.purposes().forEach(body.putArray("purposes")::add);
        }
        if (grant.start() != null) {
            body.put("periodStart", grant.start().toString());
        }
        body.put("periodEnd", grant.end().toString());
        return submitted(http.post("/api/v1/consent/grants", patientToken, body), "the grant was");
    }

    public Submitted revoke(String patientToken, Hash grantTransaction) throws InteropFailure, IOException,
            InterruptedException {
        return submitted(http.post("/api/v1/consent/grants/" + grantTransaction.toHex() + "/revoke", patientToken, null),
                "the revocation was");
    }

    /** The patient's grants as the gateway gives them: a FHIR Bundle of Consent resources. */
    public JsonNode list(String patientToken) throws InteropFailure, IOException, InterruptedException {
        GatewayHttp.Reply reply = http.get("/api/v1/consent/grants", patientToken);
        if (reply.status() != 200) {
            throw InteropFailure.of(reply, "listing the grants was");
        }
        return reply.body();
    }

    public Decision decide(String token, Question question) throws InteropFailure, IOException, InterruptedException {
        ObjectNode body = GatewayHttp.JSON.createObjectNode();
        body.put("patientRef", question.patientRef().toHex());
        body.put("resourceType", question.resourceType());
        putIfPresent(body, "securityLabel", question.securityLabel());
        putIfPresent(body, "purposeOfUse", question.purposeOfUse());
        if (question.emergency()) {
            body.put("emergency", true);
        }
        putIfPresent(body, "requester", question.requester());
        putIfPresent(body, "requestingProvider", question.requestingProvider());
        if (question.requester() != null) {
            body.put("requesterRole", "clinician");
        }
        if (question.at() != null) {
            body.put("at", question.at().toString());
        }
        if (question.height() != null) {
            body.put("height", question.height());
        }
        GatewayHttp.Reply reply = http.post("/api/v1/consent/decision", token, body);
        if (reply.status() != 200) {
            throw InteropFailure.of(reply, "the decision was");
        }
        JsonNode json = reply.body();
        List<String> basis = new java.util.ArrayList<>();
        json.path("basis").forEach(b -> basis.add(b.asText()));
        return new Decision("permit".equals(json.path("decision").asText()), json.path("reason").asText(),
                json.path("message").asText(), basis, json.path("consentHeight").asLong());
    }

    private static Submitted submitted(GatewayHttp.Reply reply, String what) throws InteropFailure {
        if (reply.status() != 201 && reply.status() != 202) {
            throw InteropFailure.of(reply, what);
        }
        return new Submitted(reply.body().path("transaction").asText(), reply.body().path("height").asLong());
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}

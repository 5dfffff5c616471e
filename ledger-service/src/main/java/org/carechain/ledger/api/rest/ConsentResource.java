package org.carechain.ledger.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.consent.AccessRequest;
import org.carechain.ledger.core.consent.ConsentGrant;
import org.carechain.ledger.interop.ConsentCodec;
import org.carechain.ledger.interop.ConsentService;
import org.carechain.ledger.interop.FhirConsent;
import org.carechain.ledger.interop.InteropConfig;
import org.carechain.service.error.ApiException;
import org.carechain.ledger.interop.InteropJson;
import org.carechain.ledger.interop.InteropNode;
import org.carechain.proto.consent.v1.ConsentRevocation;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.error.ErrorResponse;
import org.carechain.service.ledger.LedgerSubmitter;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Consent on the ehr channel (docs/interop.md): a patient's app grants and revokes, anyone allowed
 * asks for a decision. Grants and revocations are transactions; the consent in force is derived
 * from them. The patient is always the one in the caller's token ({@code patient_ref}), never one
 * the caller names.
 */
@Path("/api/v1/consent")
@Tag(name = "Consent")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

    @Inject
    InteropNode node;

    @Inject
    ConsentService consent;

    @Inject
    InteropConfig config;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(name = "GrantRequest", description = "A consent provision. Exactly one of actorProvider and actorClinician.")
    public record GrantRequest(
            @Schema(description = "permit (default) or deny", enumeration = {"permit", "deny"}) String provision,
            @Schema(description = "A provider id, e.g. hospital2") String actorProvider,
            @Schema(description = "A clinician's certificate pseudonym") String actorClinician,
            @Schema(description = "FHIR resource types; empty or absent for every type") List<String> resourceTypes,
            @Schema(description = "Confidentiality codes (U, L, M, N, R, V); absent for U, L, M and N") List<String> securityLabels,
            @Schema(description = "PurposeOfUse codes, e.g. TREAT; absent for any") List<String> purposes,
            @Schema(description = "ISO-8601 instant; absent for now") String periodStart,
            @Schema(description = "ISO-8601 instant: the expiry, required") String periodEnd) {}

    @Schema(name = "ConsentTransaction", description = "A grant or revocation on the ehr channel: committed at height, "
            + "or (height 0, HTTP 202) admitted and waiting for its block.")
    public record Submitted(String transaction, long height, InteropJson.GrantView grant) {}

    @Schema(name = "DecisionRequest", description = "One access question. requester and requestingProvider default to "
            + "the calling clinician and this node's provider; an auditor replays with both, plus at and height.")
    public record DecisionRequest(String patientRef, String requestingProvider, String requester, String requesterRole,
            String resourceType, @Schema(description = "Default N") String securityLabel,
            @Schema(description = "Default TREAT") String purposeOfUse, Boolean emergency,
            @Schema(description = "ISO-8601 instant; default now") String at,
            @Schema(description = "The ehr height to decide on; default the latest") Long height) {}

    @POST
    @Path("/grants")
    @RolesAllowed("patient")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant (or deny) a provider or clinician access to the caller's records",
            description = "Role: patient, whose token's patient_ref is the patient. The grant is a transaction on the "
                    + "ehr channel; 201 once committed, 202 if still waiting for its block.")
    @APIResponse(responseCode = "201", description = "Committed")
    @APIResponse(responseCode = "202", description = "Admitted, not yet committed")
    @APIResponse(responseCode = "400", description = "An invalid field", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Not a patient token with a patient_ref", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "This node is not a provider's gateway, or the ledger refused", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> grant(GrantRequest request) {
        Hash patient = MyTrailResource.patientOf(caller);
        ConsentGrant grant = grantOf(request, patient, caller.getSubject(), Instant.now());
        Transaction transaction = LedgerSubmitter.transaction(Channel.EHR, "consent/grant/" + java.util.UUID.randomUUID(),
                ConsentCodec.proto(grant));
        return node.submit(transaction, config.commitWait())
                .call(() -> audit.record(caller.getSubject(), "consent.grant", "recorded"))
                .map(submitted -> Response.status(submitted.committed() ? 201 : 202)
                        .entity(new Submitted(submitted.transactionHash().toHex(), submitted.height(), InteropJson.grant(grant)))
                        .build());
    }

    @POST
    @Path("/grants/{transaction}/revoke")
    @RolesAllowed("patient")
    @Operation(summary = "Revoke one of the caller's grants from the next block on",
            description = "Role: patient. Accesses already made under the grant stay lawful and on the chain.")
    @APIResponse(responseCode = "201", description = "Committed")
    @APIResponse(responseCode = "202", description = "Admitted, not yet committed")
    @APIResponse(responseCode = "400", description = "Not 64 hex digits", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No grant of the caller's with this transaction", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "Already revoked", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> revoke(@PathParam("transaction") String transaction) {
        Hash patient = MyTrailResource.patientOf(caller);
        Hash grantTx = RestInput.hash("transaction", transaction);
        return node.ehr().consent().grant(Channel.EHR, grantTx).flatMap(found -> {
            // Another patient's grant is reported as missing: its existence is not the caller's to learn.
            if (found.isEmpty() || !found.get().grant().patientRef().equals(patient)) {
                throw ApiException.notFound("no grant of yours has this transaction hash");
            }
            if (found.get().revoked().isPresent()) {
                throw ApiException.conflict("this grant is already revoked");
            }
            ConsentRevocation revocation = ConsentRevocation.newBuilder()
                    .setPatientRef(ConsentCodec.bytes(patient))
                    .setGrantor(caller.getSubject())
                    .setGrantTxHash(ConsentCodec.bytes(grantTx))
                    .setRevokedAtMillis(System.currentTimeMillis())
                    .build();
            return node.submit(LedgerSubmitter.transaction(Channel.EHR, "consent/revoke/" + grantTx.toHex(), revocation),
                    config.commitWait());
        })
                .call(() -> audit.record(caller.getSubject(), "consent.revoke", "recorded"))
                .map(submitted -> Response.status(submitted.committed() ? 201 : 202)
                        .entity(new Submitted(submitted.transactionHash().toHex(), submitted.height(), null)).build());
    }

    @GET
    @Path("/grants")
    @RolesAllowed("patient")
    @Operation(summary = "The caller's consent, as a FHIR R4 Bundle of Consent resources",
            description = "Role: patient. Each Consent's id is its grant's transaction hash; revoked grants are inactive.")
    @APIResponse(responseCode = "200", description = "A Bundle (type collection)")
    public Uni<ObjectNode> grants() {
        Hash patient = MyTrailResource.patientOf(caller);
        return consent.grants(patient, 0)
                .map(grants -> FhirConsent.bundle(grants.grants().stream().map(FhirConsent::consent).toList()))
                .call(() -> audit.record(caller.getSubject(), "consent.list", "read"));
    }

    @POST
    @Path("/decision")
    @RolesAllowed({"clinician", "auditor", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Permit or deny one access, with the reason and the consent transactions it rests on",
            description = "Roles: clinician (about themselves at this provider), auditor and admin (about anyone, "
                    + "at any committed height: a replay). Deciding records nothing on the chain.")
    @APIResponse(responseCode = "200", description = "The decision")
    @APIResponse(responseCode = "400", description = "An invalid field", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Another role", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<InteropJson.DecisionView> decision(DecisionRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        boolean clinician = caller.getGroups().contains("clinician") && !caller.getGroups().contains("auditor")
                && !caller.getGroups().contains("admin");
        String requester = clinician ? caller.getSubject() : required(request.requester(), "requester");
        String provider = request.requestingProvider() != null ? request.requestingProvider() : node.provider();
        String role = clinician ? "clinician" : (request.requesterRole() == null ? "clinician" : request.requesterRole());
        long height = request.height() == null ? 0 : request.height();
        if (height < 0) {
            throw ApiException.badRequest("height must not be negative");
        }
        AccessRequest access;
        try {
            access = new AccessRequest(RestInput.hash("patientRef", request.patientRef()), provider, requester, role,
                    required(request.resourceType(), "resourceType"),
                    label(request.securityLabel() == null ? "N" : request.securityLabel()),
                    request.purposeOfUse() == null ? AccessRequest.TREAT : request.purposeOfUse(),
                    Boolean.TRUE.equals(request.emergency()), request.at() == null ? System.currentTimeMillis()
                            : instant(request.at(), "at"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        // A read of chain data on a hot path: the audit row is written without holding the answer.
        audit.recordInBackground(caller.getSubject(), "consent.decision", "read");
        return consent.decide(access, null, height).map(InteropJson::decision);
    }

    /** The grant a request describes. @throws InteropException 400 naming the first bad field */
    static ConsentGrant grantOf(GrantRequest request, Hash patient, String grantor, Instant now) {
        if (request == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        if ((request.actorProvider() == null) == (request.actorClinician() == null)) {
            throw ApiException.badRequest("exactly one of actorProvider and actorClinician is required");
        }
        try {
            ConsentGrant.Provision provision = switch (request.provision() == null ? "permit" : request.provision()) {
                case "permit" -> ConsentGrant.Provision.PERMIT;
                case "deny" -> ConsentGrant.Provision.DENY;
                default -> throw new IllegalArgumentException("provision must be permit or deny");
            };
            Set<RecordEvent.SecurityLabel> labels = EnumSet.noneOf(RecordEvent.SecurityLabel.class);
            for (String label : request.securityLabels() == null ? List.<String>of() : request.securityLabels()) {
                labels.add(label(label));
            }
            long start = request.periodStart() == null ? now.toEpochMilli() : instant(request.periodStart(), "periodStart");
            long end = instant(required(request.periodEnd(), "periodEnd"), "periodEnd");
            return new ConsentGrant(patient, grantor, provision,
                    request.actorProvider() != null ? ConsentGrant.Actor.provider(request.actorProvider())
                            : ConsentGrant.Actor.clinician(request.actorClinician()),
                    new TreeSet<>(request.resourceTypes() == null ? List.of() : request.resourceTypes()), labels,
                    new TreeSet<>(request.purposes() == null ? List.of() : request.purposes()), start, end, now.toEpochMilli());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest(e.getMessage() == null ? "an invalid field" : e.getMessage());
        }
    }

    static RecordEvent.SecurityLabel label(String value) {
        try {
            return RecordEvent.SecurityLabel.valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("security label must be one of U, L, M, N, R, V");
        }
    }

    static long instant(String value, String field) {
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}

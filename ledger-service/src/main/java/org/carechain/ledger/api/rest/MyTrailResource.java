package org.carechain.ledger.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A patient app's view of the trail of its own records: the record events on the ehr channel whose
 * patient pseudonym is the one in the caller's token, never one the caller names.
 */
@Path("/api/v1/patients/me/trail")
@Tag(name = "Patients")
@SecurityRequirement(name = "jwt")
@RolesAllowed("patient")
@Produces(MediaType.APPLICATION_JSON)
public class MyTrailResource {

    /** The token claim that carries the patient's consortium pseudonym (64 hex digits). */
    public static final String PATIENT_REF_CLAIM = "patient_ref";

    @Inject
    LedgerChannels channels;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @GET
    @Operation(summary = "The caller's own record events, in chain order, a page at a time",
            description = "Role: patient. The pseudonym is the token's patient_ref claim. Each event names its "
                    + "transaction hash, whose inclusion proof is at /api/v1/ledger/ehr/transactions/{hash}.")
    @APIResponse(responseCode = "200", description = "A page of events; an empty page if there are none")
    @APIResponse(responseCode = "400", description = "An invalid page parameter",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Not a patient token, or one without a valid patient_ref claim",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "The ehr channel is not hosted here",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "This node's stored copy failed its integrity check; ask another validator",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<LedgerJson.PatientTrailView> trail(
            @Parameter(description = "First log index of the page (default 0)") @QueryParam("from") String from,
            @Parameter(description = "Page size, 1 to 100 (default 20)") @QueryParam("limit") String limit) {
        Hash patient = patientOf(caller);
        ChannelRuntime runtime = channels.channel(Channel.EHR)
                .orElseThrow(() -> new NotFoundException("this node does not host the ehr channel"));
        return PatientTrailResource.trail(runtime, patient, from, limit)
                .call(() -> audit.record(caller.getSubject(), "ledger.own-trail", "read"));
    }

    /** The pseudonym in the token; a token without a well-formed one may not read any trail. */
    static Hash patientOf(JsonWebToken token) {
        return claimedPatient(token).orElseThrow(
                () -> new ForbiddenException("the token carries no patient_ref claim of 64 lowercase hex digits"));
    }

    /** The pseudonym in the token's {@value #PATIENT_REF_CLAIM} claim, if it has a well-formed one. */
    public static java.util.Optional<Hash> claimedPatient(JsonWebToken token) {
        Object claim = token.getClaim(PATIENT_REF_CLAIM);
        String value = claim == null ? null : claim.toString().replace("\"", "");
        return value != null && value.matches("[0-9a-f]{64}") ? java.util.Optional.of(Hash.fromHex(value))
                : java.util.Optional.empty();
    }
}

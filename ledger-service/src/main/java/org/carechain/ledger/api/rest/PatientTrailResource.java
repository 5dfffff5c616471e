package org.carechain.ledger.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
 * A patient's record events on the ehr channel, by the patient's consortium pseudonym. Every read
 * is audited (who, not whom): the pseudonym itself is never logged or stored with the audit event.
 */
@Path("/api/v1/ledger/{channel}/patients/{pseudonym}/events")
@Tag(name = "Ledger")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class PatientTrailResource {

    @Inject
    LedgerChannels channels;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @GET
    @Operation(summary = "The record events whose patient_ref is this pseudonym, in chain order, a page at a time",
            description = "Roles: auditor, admin. Only on the ehr channel. Each event names its transaction hash; "
                    + "its inclusion proof is at /api/v1/ledger/ehr/transactions/{hash}.")
    @APIResponse(responseCode = "200", description = "A page of events; an empty page if there are none")
    @APIResponse(responseCode = "400", description = "Not the ehr channel, a pseudonym that is not 64 hex digits, "
            + "or an invalid page parameter", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The token has neither the auditor nor the admin role",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "The ehr channel is not hosted here",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "503", description = "This node's stored copy failed its integrity check; ask another validator",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<LedgerJson.PatientTrailView> events(@PathParam("channel") String channel,
            @Parameter(description = "The patient's HMAC pseudonym under the consortium key: 64 hex digits")
            @PathParam("pseudonym") String pseudonym,
            @Parameter(description = "First log index of the page (default 0)") @QueryParam("from") String from,
            @Parameter(description = "Page size, 1 to 100 (default 20)") @QueryParam("limit") String limit) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        if (runtime.channel() != Channel.EHR) {
            throw new IllegalArgumentException("channel: patient trails exist on the ehr channel only");
        }
        return trail(runtime, RestInput.hash("pseudonym", pseudonym), from, limit)
                .call(() -> audit.record(caller.getSubject(), "ledger.patient-trail", "read"));
    }

    /** A page of the patient's events; the page parameters are checked here. */
    static Uni<LedgerJson.PatientTrailView> trail(ChannelRuntime runtime, Hash patient, String from, String limit) {
        long first = RestInput.index("from", from);
        int size = RestInput.limit(limit, BlockResource.DEFAULT_PAGE, BlockResource.MAX_PAGE);
        return RestInput.refuseTampered(runtime.blocks().patientEvents(runtime.channel(), patient, first, size))
                .map(events -> new LedgerJson.PatientTrailView(events.stream().map(LedgerJson::patientEvent).toList(),
                        events.size() == size ? events.get(events.size() - 1).logIndex() + 1 : null));
    }
}

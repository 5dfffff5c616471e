package org.carechain.ledger.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.interop.FhirConsent;
import org.carechain.service.error.ApiException;
import org.carechain.ledger.interop.InteropJson;
import org.carechain.ledger.interop.InteropNode;
import org.carechain.ledger.persistence.ConsentStore;
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
 * The access report for compliance: access events on the ehr channel by patient or by provider in
 * a time range, each with the consent decision it rested on, as JSON or as FHIR R4 AuditEvents
 * (IHE BALP style) for a hospital SIEM.
 */
@Path("/api/v1/access-events")
@Tag(name = "Audit")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"auditor", "admin"})
public class AccessEventResource {

    @Inject
    InteropNode node;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(name = "AccessEventEntry", description = "An access event and where it sits in the chain.")
    public record Entry(long logIndex, long height, String transaction, InteropJson.AccessView event) {}

    @Schema(name = "AccessEventPage", description = "Access events in chain order; next is the log index to continue after, or null.")
    public record Page(List<Entry> events, Long next) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Access events by patient or provider in a time range",
            description = "Roles: auditor, admin. Exactly one of patient and provider, or neither for all. "
                    + "format=fhir answers a FHIR R4 Bundle of AuditEvent resources instead.")
    @APIResponse(responseCode = "200", description = "A page of events")
    @APIResponse(responseCode = "400", description = "An invalid parameter", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Neither auditor nor admin", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Object> list(
            @Parameter(description = "A patient pseudonym (64 hex)") @QueryParam("patient") String patient,
            @Parameter(description = "A provider id: events it served or asked through") @QueryParam("provider") String provider,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
            @Parameter(description = "Continue after this log index") @QueryParam("after") String after,
            @Parameter(description = "Page size, 1 to 1000 (default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "json (default) or fhir") @QueryParam("format") String format) {
        if (patient != null && provider != null) {
            throw ApiException.badRequest("give patient or provider, not both");
        }
        Optional<Hash> byPatient = patient == null ? Optional.empty() : Optional.of(RestInput.hash("patient", patient));
        Optional<String> byProvider = Optional.ofNullable(provider).map(p -> Ids.require(p, "provider"));
        long fromMillis = from == null ? 0 : ConsentResource.instant(from, "from");
        long toMillis = to == null ? Long.MAX_VALUE : ConsentResource.instant(to, "to");
        long afterIndex = after == null ? -1 : RestInput.index("after", after);
        int size = RestInput.limit(limit, 100, 1000);
        boolean fhir = "fhir".equals(format);
        if (format != null && !fhir && !"json".equals(format)) {
            throw ApiException.badRequest("format must be json or fhir");
        }
        ConsentStore.AccessQuery query = new ConsentStore.AccessQuery(byPatient, byProvider, fromMillis, toMillis,
                afterIndex, size);
        return RestInput.refuseTampered(node.ehr().consent().accesses(Channel.EHR, query))
                .call(() -> audit.record(caller.getSubject(), "access.report", "read"))
                .map(events -> {
                    if (fhir) {
                        List<ObjectNode> audits = events.stream()
                                .map(e -> FhirConsent.auditEvent(e.event(), e.transactionHash().toHex())).toList();
                        return (Object) FhirConsent.bundle(audits);
                    }
                    List<Entry> entries = events.stream().map(e -> new Entry(e.logIndex(), e.height(),
                            e.transactionHash().toHex(), InteropJson.access(e.event()))).toList();
                    return new Page(entries, events.size() == size ? events.get(events.size() - 1).logIndex() : null);
                });
    }
}

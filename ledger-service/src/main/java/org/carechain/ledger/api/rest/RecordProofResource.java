package org.carechain.ledger.api.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import org.carechain.ledger.capture.EhrCapture;
import org.carechain.ledger.capture.EhrRecords;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.persistence.RecordIndexStore;
import org.carechain.ledger.proof.TransactionProofs;
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
 * Proves one record of this node's provider: the content hash of the row as stored now, the
 * chain's latest event for the record, and that event's inclusion proof, block header and commit
 * certificate. A client checks the proof against the genesis, ideally fetching the same
 * transaction from another validator too ({@code carechain verify record}).
 */
@Path("/api/v1/records/{type}/{id}/proof")
@Tag(name = "Records")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"patient", "clinician", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class RecordProofResource {

    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    // FHIR's id type: 1 to 64 of [A-Za-z0-9\-\.].
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    @Inject
    EhrCapture capture;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(name = "RecordRow", description = "The row as stored now in the provider's database.")
    public record RowView(boolean found, Integer version, String contentHash) {}

    @Schema(name = "RecordOnChain", description = "The chain's latest event for the record.")
    public record ChainView(boolean live, int versions, String contentHash, long height, String transactionHash) {}

    @Schema(name = "RecordProof", description = "Pseudonyms and hashes only. matches is true when the row exists, the "
            + "chain holds the record live with the row's content hash, and the chain saw every version of the row.")
    public record RecordProofView(String provider, String resourceType, String recordRef, RowView row, ChainView chain,
            boolean matches, LedgerJson.ProvenTransactionView proof) {}

    @GET
    @Operation(summary = "A record's current content hash and the chain's proof of its latest event",
            description = "Roles: patient (own records only, by the token's patient_ref claim), clinician, auditor, admin. "
                    + "Only on a node that captures a provider's EHR database.")
    @APIResponse(responseCode = "200", description = "The record's proof; see matches")
    @APIResponse(responseCode = "400", description = "A resource type or id that is not a FHIR type name or id",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Not an allowed role, or a patient asking for another patient's record",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "This node captures no EHR database, or neither the database nor "
            + "the chain knows the record", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The EHR database cannot be read now, or this node's stored copy "
            + "failed its integrity check", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RecordProofView> proof(
            @Parameter(description = "FHIR resource type, e.g. Observation") @PathParam("type") String type,
            @Parameter(description = "The resource's id in the provider's database") @PathParam("id") String id) {
        if (!RESOURCE_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type: must be a FHIR resource type name such as Observation");
        }
        if (!RESOURCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: must be a FHIR id, 1 to 64 of [A-Za-z0-9-.]");
        }
        EhrRecords records = capture.records()
                .orElseThrow(() -> RestInput.notFound("this node captures no EHR database"));
        ChannelRuntime runtime = capture.channel();
        Hash ref = records.recordRef(type, id);
        // The attempt is audited first, on the request's own context (the audit table is written reactively).
        return audit.record(caller.getSubject(), "ledger.record-proof", "read")
                .chain(() -> RestInput.refuseTampered(runtime.records().record(Channel.EHR, records.provider(), type, ref)))
                .map(found -> found.orElseThrow(() -> RestInput.notFound("the chain holds no event for this record")))
                .chain(state -> RestInput.refuseTampered(runtime.proofs().byHash(state.transactionHash()))
                        .map(found -> new Proven(state, found.orElseThrow(
                                () -> RestInput.notFound("the chain holds no event for this record")))))
                .invoke(proven -> requireOwnRecord(proven.proof()))
                // The EHR database is read over JDBC, off the event loop.
                .chain(proven -> Uni.createFrom().item(() -> currentRow(records, type, id))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .map(row -> view(records, type, ref, row, proven)));
    }

    private record Proven(RecordIndexStore.RecordState state, TransactionProofs.ProvenTransaction proof) {}

    private void requireOwnRecord(TransactionProofs.ProvenTransaction proven) {
        if (caller.getGroups().equals(java.util.Set.of("patient"))) {
            RecordEvent event = (RecordEvent) proven.stored().transaction().payload();
            if (!event.patientRef().equals(MyTrailResource.patientOf(caller))) {
                throw new ForbiddenException("a patient may ask for the proofs of their own records only");
            }
        }
    }

    private static Optional<EhrRecords.CurrentRow> currentRow(EhrRecords records, String type, String id) {
        try {
            return records.read(type, id);
        } catch (SQLException e) {
            throw new ServiceUnavailableException("the EHR database cannot be read now; try again later");
        }
    }

    private static RecordProofView view(EhrRecords records, String type, Hash ref, Optional<EhrRecords.CurrentRow> row,
            Proven proven) {
        RecordIndexStore.RecordState state = proven.state();
        boolean matches = row.isPresent() && state.live() && state.contentHash().equals(row.get().contentHash())
                && state.versions() >= row.get().version();
        return new RecordProofView(records.provider(), type, LedgerJson.hex(ref),
                row.map(r -> new RowView(true, r.version(), LedgerJson.hex(r.contentHash())))
                        .orElse(new RowView(false, null, null)),
                new ChainView(state.live(), state.versions(), LedgerJson.hex(state.contentHash()), state.height(),
                        LedgerJson.hex(state.transactionHash())),
                matches, LedgerJson.proven(proven.proof()));
    }
}

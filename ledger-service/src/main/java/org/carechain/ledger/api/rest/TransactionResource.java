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
import java.util.Optional;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.proof.TransactionProofs;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Committed transactions with what a client needs to verify them offline, and consistency proofs. */
@Path("/api/v1/ledger/{channel}")
@Tag(name = "Ledger")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Unknown channel or an invalid parameter (the reason names it)",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "The token has neither the auditor nor the admin role",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "The channel is not hosted here, or no such transaction",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "503", description = "This node's stored copy failed its integrity check; ask another validator",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class TransactionResource {

    @Inject
    LedgerChannels channels;

    @GET
    @Path("/transactions/{hash}")
    @Operation(summary = "A committed transaction by its hash, with its inclusion proof, header and certificate",
            description = "Roles: auditor, admin. Verify the proof into the header's log root with ProofVerifier, "
                    + "and the certificate against the genesis validators with CommitCertificate.verify.")
    @APIResponse(responseCode = "200", description = "The transaction with its proof")
    public Uni<LedgerJson.ProvenTransactionView> byHash(@PathParam("channel") String channel,
            @Parameter(description = "The transaction hash: 64 hex digits") @PathParam("hash") String hash) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        return proven(runtime, runtime.proofs().byHash(RestInput.hash("hash", hash)));
    }

    @GET
    @Path("/transactions")
    @Operation(summary = "A committed transaction by its idempotency key, with its inclusion proof, header and certificate",
            description = "Roles: auditor, admin.")
    @APIResponse(responseCode = "200", description = "The transaction with its proof")
    public Uni<LedgerJson.ProvenTransactionView> byIdempotencyKey(@PathParam("channel") String channel,
            @Parameter(description = "1 to 128 characters of [A-Za-z0-9._:/-]", required = true)
            @QueryParam("idempotencyKey") String idempotencyKey) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        String key;
        try {
            key = Transaction.requireIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("idempotencyKey: " + e.getMessage());
        }
        return proven(runtime, runtime.proofs().byIdempotencyKey(key));
    }

    @GET
    @Path("/consistency-proof")
    @Operation(summary = "The RFC 6962 consistency proof between two sizes of the channel's transaction log",
            description = "Roles: auditor, admin. Verify it with ProofVerifier.verifyConsistency against the "
                    + "log roots of two block headers.")
    @APIResponse(responseCode = "200", description = "The proof")
    public Uni<LedgerJson.ConsistencyProofView> consistency(@PathParam("channel") String channel,
            @Parameter(description = "The older log size, at least 1", required = true) @QueryParam("first") String first,
            @Parameter(description = "The newer log size, at least first and at most the current size", required = true)
            @QueryParam("second") String second) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        long size1 = RestInput.height("first", first);
        long size2 = RestInput.height("second", second);
        return RestInput.refuseTampered(runtime.log().consistencyProof(size1, size2)
                .map(proof -> new LedgerJson.ConsistencyProofView(size1, size2,
                        proof.path().stream().map(LedgerJson::hex).toList())));
    }

    private static Uni<LedgerJson.ProvenTransactionView> proven(ChannelRuntime runtime,
            Uni<Optional<TransactionProofs.ProvenTransaction>> lookup) {
        return RestInput.refuseTampered(lookup.map(found -> LedgerJson.proven(found.orElseThrow(
                () -> RestInput.notFound("no such transaction on channel " + runtime.channel().id())))));
    }
}

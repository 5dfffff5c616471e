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
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A channel's committed blocks, for auditors and operators. */
@Path("/api/v1/ledger/{channel}/blocks")
@Tag(name = "Ledger", description = "Committed blocks, transactions with proofs, significance, patient trails")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Unknown channel or an invalid parameter (the reason names it)",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "The token has neither the auditor nor the admin role",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "The channel is not hosted here, or no such block",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "503", description = "This node's stored copy failed its integrity check; ask another validator",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class BlockResource {

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;

    @Inject
    LedgerChannels channels;

    @GET
    @Path("/latest")
    @Operation(summary = "The latest block's header and commit certificate (the channel's tree head)",
            description = "Roles: auditor, admin.")
    @APIResponse(responseCode = "200", description = "The latest block head")
    public Uni<LedgerJson.BlockHeadView> latest(
            @Parameter(description = "ehr, rbc, cbc or search") @PathParam("channel") String channel) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        return RestInput.refuseTampered(runtime.blocks().latestHeight(runtime.channel())
                .flatMap(height -> {
                    if (height == 0) {
                        throw RestInput.notFound("channel " + runtime.channel().id() + " has no block yet");
                    }
                    return runtime.blocks().header(runtime.channel(), height);
                })
                .map(found -> LedgerJson.head(found.orElseThrow())));
    }

    @GET
    @Path("/{height}")
    @Operation(summary = "One committed block with its transactions and commit certificate",
            description = "Roles: auditor, admin.")
    @APIResponse(responseCode = "200", description = "The block")
    public Uni<LedgerJson.BlockView> byHeight(@PathParam("channel") String channel,
            @Parameter(description = "Block height, at least 1") @PathParam("height") String height) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        long wanted = RestInput.height("height", height);
        return RestInput.refuseTampered(runtime.blocks().block(runtime.channel(), wanted)
                .map(found -> LedgerJson.block(found.orElseThrow(() -> RestInput.notFound("no block at height " + wanted)))));
    }

    @GET
    @Operation(summary = "Block heads in height order, a page at a time", description = "Roles: auditor, admin.")
    @APIResponse(responseCode = "200", description = "A page of block heads; an empty page past the latest block")
    public Uni<LedgerJson.BlockPage> list(@PathParam("channel") String channel,
            @Parameter(description = "First height of the page (default 1)") @QueryParam("from") String from,
            @Parameter(description = "Page size, 1 to 100 (default 20)") @QueryParam("limit") String limit) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        long first = RestInput.height("from", from, 1);
        int size = RestInput.limit(limit, DEFAULT_PAGE, MAX_PAGE);
        long last = first > Long.MAX_VALUE - size ? Long.MAX_VALUE : first + size - 1;
        return RestInput.refuseTampered(runtime.blocks().headers(runtime.channel(), first, last)
                .map(headers -> new LedgerJson.BlockPage(headers.stream().map(LedgerJson::head).toList(),
                        headers.size() == size ? last + 1 : null)));
    }
}

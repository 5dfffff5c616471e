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
import org.carechain.ledger.chain.HistoryRange;
import org.carechain.ledger.core.Ids;
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

/** Providers' significance, as committed in the block headers (docs/significance.md). */
@Path("/api/v1/ledger/{channel}/significance")
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
@APIResponse(responseCode = "404", description = "The channel is not hosted here, or no block at that height",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "503", description = "This node's stored copy failed its integrity check; ask another validator",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class SignificanceResource {

    @Inject
    LedgerChannels channels;

    @GET
    @Operation(summary = "The significance table after a block: the latest, or the one at a height",
            description = "Roles: auditor, admin. Hashing the table as SignificanceRoot does gives significanceRoot, "
                    + "which is the root in the header of the block at that height.")
    @APIResponse(responseCode = "200", description = "The table")
    public Uni<LedgerJson.SignificanceView> table(@PathParam("channel") String channel,
            @Parameter(description = "Block height, at least 1 (default: the latest)") @QueryParam("height") String height) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        long wanted = RestInput.height("height", height, 0);
        Uni<Long> at = wanted != 0 ? Uni.createFrom().item(wanted) : runtime.blocks().latestHeight(runtime.channel());
        return RestInput.refuseTampered(at.flatMap(h -> runtime.significance().tableAt(runtime.channel(), h))
                .map(found -> LedgerJson.significance(found.orElseThrow(() -> RestInput.notFound(wanted == 0
                        ? "channel " + runtime.channel().id() + " has no block yet"
                        : "no block at height " + wanted)))));
    }

    @GET
    @Path("/{provider}/history")
    @Operation(summary = "One provider's significance after each block that changed it",
            description = "Roles: auditor, admin. At most limit points; ask again from the last point's height + 1 "
                    + "for more.")
    @APIResponse(responseCode = "200", description = "The points in height order; none if nothing changed it")
    public Uni<LedgerJson.HistoryView> history(@PathParam("channel") String channel,
            @Parameter(description = "The provider id") @PathParam("provider") String provider,
            @Parameter(description = "First height, at least 1 (default 1)") @QueryParam("from") String from,
            @Parameter(description = "Last height (default: the latest)") @QueryParam("to") String to,
            @Parameter(description = "Most points, 1 to 1000 (default 1000)") @QueryParam("limit") String limit) {
        ChannelRuntime runtime = RestInput.channel(channels, channel);
        try {
            Ids.require(provider, "provider");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider: must be 1 to 128 printable ASCII characters without spaces");
        }
        HistoryRange range = HistoryRange.of(RestInput.height("from", from, 1), RestInput.height("to", to, 0),
                RestInput.limit(limit, HistoryRange.MAX_LIMIT, HistoryRange.MAX_LIMIT));
        return RestInput.refuseTampered(runtime.blocks().latestHeight(runtime.channel())
                .flatMap(latest -> runtime.significance().history(runtime.channel(), provider, range.from(),
                        range.toOr(latest), range.limit()))
                .map(points -> new LedgerJson.HistoryView(provider, points.stream()
                        .map(point -> new LedgerJson.PointView(point.height(), point.nano())).toList())));
    }
}

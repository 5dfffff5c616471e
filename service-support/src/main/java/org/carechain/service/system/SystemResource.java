package org.carechain.service.system;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint that walks the service's gRPC dependency chain. */
@Path("/api/v1/system")
@Tag(name = "System", description = "Operational checks")
@SecurityRequirement(name = "jwt")
public class SystemResource {

    @Inject
    PingChain chain;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(description = "A ping through this service's gRPC dependencies.")
    public record PingCommand(
            @Schema(description = "Correlation value echoed back; 1 to 64 characters of [A-Za-z0-9._-]",
                    examples = "demo-1", required = true) String nonce) {}

    @Schema(description = "One service that answered the ping.")
    public record HopView(String service, String version, long answeredAtMillis) {}

    @Schema(description = "The services that answered, deepest downstream first.")
    public record PingView(String nonce, List<HopView> hops) {}

    @POST
    @Path("/ping")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ping this service and every service behind it over gRPC",
            description = "Requires the admin role.")
    @APIResponse(responseCode = "200", description = "Every service in the chain answered")
    @APIResponse(responseCode = "400", description = "Malformed body or invalid nonce",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the admin role",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<PingView> ping(PingCommand command) {
        if (command == null) {
            throw new IllegalArgumentException("request body is required");
        }
        Uni<PingView> answer = chain.ping(command.nonce()).map(response -> new PingView(
                response.getNonce(),
                response.getHopsList().stream()
                        .map(hop -> new HopView(hop.getService(), hop.getVersion(), hop.getAnsweredAtMillis()))
                        .toList()));
        return audit.record(caller.getSubject(), "system.ping", "ok").chain(() -> answer);
    }
}

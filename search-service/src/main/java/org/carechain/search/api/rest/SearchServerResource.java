package org.carechain.search.api.rest;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.carechain.search.server.SearchServer;
import org.carechain.search.server.SearchServerException;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Server mode over REST, for users who cannot speak gRPC: a search by label and an owner's log
 * head. What comes back is ciphertext; the user verifies it against the owner's signed statement.
 */
@Path("/api/v1/search/servers/{owner}")
@Tag(name = "Search server", description = "The untrusted host of encrypted search entries (server mode)")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"patient", "clinician", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class SearchServerResource {

    @Inject
    SearchServer server;

    @Schema(description = "A search token's labels.")
    public record QueryCommand(
            @Schema(description = "The labels L_1..L_cnt of one keyword, each base64 (standard alphabet) of 32 bytes; "
                    + "at most 20,000", required = true) List<String> labels) {}

    @Schema(description = "One stored entry.")
    public record EntryView(
            @Schema(description = "The label asked for, base64") String label,
            @Schema(description = "The AES-GCM envelope stored under it, base64") String value) {}

    @Schema(description = "The entries found, in the order the labels were asked; labels the server does not "
            + "hold are left out.")
    public record QueryView(List<EntryView> entries) {}

    @Schema(description = "An owner's update log after its last applied epoch.")
    public record HeadView(
            @Schema(description = "The last epoch applied; 0 before any") long epoch,
            @Schema(description = "Entries in the log") long logSize,
            @Schema(description = "RFC 6962 root of the log, hex") String logRoot) {}

    @POST
    @Path("/query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search an owner's entries by label",
            description = "Roles patient, clinician, auditor or admin. Answers ciphertext only: verify it against the "
                    + "owner's signed statement (count and digest) before decrypting.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = QueryView.class)))
    @APIResponse(responseCode = "400", description = "Missing labels, more than 20,000, or a label that is not "
            + "base64 of 32 bytes (the reason names it)", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The token has none of the allowed roles",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "This server does not host the owner, or server mode is off",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<QueryView> query(@Parameter(description = "The owner (provider id), e.g. hospital1") @PathParam("owner")
            String owner, QueryCommand command) {
        if (command == null) {
            throw SearchServerException.badRequest("request body is required");
        }
        if (command.labels() == null) {
            throw SearchServerException.badRequest("labels: is required");
        }
        if (command.labels().size() > SearchServer.MAX_SEARCH_LABELS) {
            throw SearchServerException.badRequest("labels: at most " + SearchServer.MAX_SEARCH_LABELS + " per search");
        }
        List<byte[]> labels = new ArrayList<>(command.labels().size());
        Base64.Decoder decoder = Base64.getDecoder();
        for (int i = 0; i < command.labels().size(); i++) {
            String label = command.labels().get(i);
            try {
                labels.add(decoder.decode(label == null ? "" : label));
            } catch (IllegalArgumentException e) {
                throw SearchServerException.badRequest("labels[" + i + "]: must be base64 of 32 bytes");
            }
        }
        Base64.Encoder encoder = Base64.getEncoder();
        return server.search(owner, labels).map(found -> new QueryView(found.stream()
                .map(entry -> new EntryView(encoder.encodeToString(entry.label()), encoder.encodeToString(entry.value())))
                .toList()));
    }

    @GET
    @Path("/head")
    @Operation(summary = "An owner's update log head",
            description = "Roles patient, clinician, auditor or admin. The epoch, size and RFC 6962 root after the "
                    + "owner's last push. The server's word only: the owner's signed anchor on the search channel is "
                    + "what users trust.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HeadView.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The token has none of the allowed roles",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "This server does not host the owner, or server mode is off",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<HeadView> head(@Parameter(description = "The owner (provider id), e.g. hospital1") @PathParam("owner")
            String owner) {
        return server.head(owner).map(head -> new HeadView(head.epoch(), head.size(), head.root().toHex()));
    }
}

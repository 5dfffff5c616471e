package org.carechain.registration.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.carechain.registration.RegistrationException;
import org.carechain.registration.tracing.TraceStore.Stage;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.error.ErrorResponse;
import org.carechain.service.pki.Pem;
import org.carechain.service.pki.Tracing;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The RBC's side of a trace: officers who approved on cbc send their partial decryptions, first of
 * the certificate's link tag, then of the identity envelope; the requesting officer then reads the
 * identity. Every step is in the audit log.
 */
@Path("/api/v1/traces")
@Tag(name = "Tracing", description = "Opening a traced certificate with k officers' partial decryptions")
@SecurityRequirement(name = "jwt")
@RolesAllowed("ca-officer")
@Produces(MediaType.APPLICATION_JSON)
public class TraceResource {

    /** A partial is 98 bytes; a certificate a few hundred. */
    private static final int MAX_FIELD_CHARS = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TraceOpening opening;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(description = "One officer's partial decryption (ThresholdEscrow.partial with its escrow share).")
    public record PartialCommand(
            @Schema(description = "link-tag (of the certificate's link tag) or identity (of the identity envelope)",
                    required = true) String stage,
            @Schema(description = "The PartialDecryption encoding, base64", required = true) String partial,
            @Schema(description = "The traced certificate, PEM or base64 DER: required with the first partial") String certificate) {}

    @Schema(description = "How far a trace is. `identityEnc` (base64) is what officers decrypt in the second stage.")
    public record ProgressView(String traceId, int threshold, Set<String> approvedBy, int linkTagPartials,
            int identityPartials, boolean linkTagOpened, String identityEnc, boolean identityReady) {}

    @GET
    @Path("/{traceId}")
    @Operation(summary = "A trace's progress at the RBC")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProgressView.class)))
    @APIResponse(responseCode = "403", description = "No such trace on cbc", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<ProgressView> progress(@PathParam("traceId") String traceId) {
        return opening.progress(Tracing.traceId(traceId)).map(TraceResource::view);
    }

    @POST
    @Path("/{traceId}/partials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a partial decryption",
            description = "Only once k approvals of the trace are on cbc, only from an officer who approved, only for "
                    + "that officer's share; the proof is checked before the partial is kept.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProgressView.class)))
    @APIResponse(responseCode = "400", description = "Malformed, or the proof does not verify", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Fewer than k approvals on cbc, not an approving officer, or another officer's share",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "An identity partial before the link tag is open", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<ProgressView> submit(@PathParam("traceId") String traceId, PartialCommand command) {
        String id = Tracing.traceId(traceId);
        if (command == null) {
            throw RegistrationException.badRequest("request body is required");
        }
        Stage stage = switch (command.stage() == null ? "" : command.stage()) {
            case "link-tag" -> Stage.LINK_TAG;
            case "identity" -> Stage.IDENTITY;
            default -> throw RegistrationException.badRequest("stage: must be link-tag or identity");
        };
        byte[] partial = base64(command.partial(), "partial");
        Optional<byte[]> certificate = Optional.ofNullable(command.certificate())
                .map(text -> Pem.der(text, "CERTIFICATE", "certificate"));
        return opening.submit(id, caller.getSubject(), stage, partial, certificate)
                .call(progress -> audit.record(caller.getSubject(), "trace.partial." + command.stage(), id))
                .map(TraceResource::view);
    }

    @GET
    @Path("/{traceId}/identity")
    @Operation(summary = "The traced person's identity",
            description = "Only for the officer who asked for the trace, once k identity partials are in. Audited.")
    @APIResponse(responseCode = "200", description = "The identity attributes as enrolled")
    @APIResponse(responseCode = "403", description = "Not the requesting officer", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "Not enough partial decryptions yet", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<JsonNode> identity(@PathParam("traceId") String traceId) {
        String id = Tracing.traceId(traceId);
        return opening.disclose(id, caller.getSubject())
                .call(identity -> audit.record(caller.getSubject(), "trace.disclose", id))
                .map(identity -> {
                    try {
                        return JSON.readTree(identity);
                    } catch (IOException e) {
                        throw new IllegalStateException("a disclosed identity is not JSON");
                    }
                });
    }

    private static ProgressView view(TraceOpening.Progress progress) {
        return new ProgressView(progress.traceId(), progress.threshold(), progress.approvedBy(), progress.linkTagPartials(),
                progress.identityPartials(), progress.linkTagOpened(),
                progress.identityEnc().map(enc -> Base64.getEncoder().encodeToString(enc)).orElse(null),
                progress.identityReady());
    }

    private static byte[] base64(String text, String field) {
        if (text == null || text.isBlank() || text.length() > MAX_FIELD_CHARS) {
            throw RegistrationException.badRequest(field + ": is required, base64");
        }
        try {
            return Base64.getMimeDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw RegistrationException.badRequest(field + ": is not base64");
        }
    }
}

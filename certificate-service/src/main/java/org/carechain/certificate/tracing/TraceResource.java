package org.carechain.certificate.tracing;

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
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.carechain.certificate.CertificateException;
import org.carechain.service.pki.Pem;
import org.carechain.proto.certificate.v1.TraceApproval;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.error.ErrorResponse;
import org.carechain.service.pki.Tracing;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** CA officers ask for and approve traces of a certificate back to its registration. */
@Path("/api/v1/traces")
@Tag(name = "Tracing", description = "Conditional traceability: k of n CA officers must approve on cbc")
@SecurityRequirement(name = "jwt")
@RolesAllowed("ca-officer")
@Produces(MediaType.APPLICATION_JSON)
public class TraceResource {

    @Inject
    TraceDesk desk;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(description = "A trace request: which certificate of this CA, and why.")
    public record TraceCommand(
            @Schema(description = "Serial number, lower-case hex", required = true) String serial,
            @Schema(description = "court-order, fraud-investigation, patient-safety or security-incident",
                    required = true) String reason) {}

    @Schema(description = "An officer's approval: Ed25519 by the officer's signing key over the canonical encoding "
            + "of (trace id, certificate hash, officer id, approvedAtMillis); see docs/certificates.md.")
    public record ApprovalCommand(
            @Schema(required = true) String officerId,
            @Schema(required = true) long approvedAtMillis,
            @Schema(description = "base64url", required = true) String signature) {}

    @Schema(description = "A trace and its approvals. The officers compute their partial decryptions of the "
            + "certificate's link tag and send them to the RBC once `approvals` reaches `threshold`.")
    public record TraceView(String traceId, String serial, String certificateHash, String reason, String requestedBy,
            Instant requestedAt, List<String> approvedBy, int threshold,
            @Schema(description = "The certificate, PEM: its link tag is what the officers decrypt") String certificate) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for a trace", description = "Requires the ca-officer role, and the token's subject must be "
            + "an officer of the consortium's tracing policy. Recorded on cbc.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = TraceView.class)))
    @APIResponse(responseCode = "400", description = "Bad serial or reason", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Not a tracing officer", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such certificate", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> request(TraceCommand command) {
        if (command == null) {
            throw CertificateException.badRequest("request body is required");
        }
        String serial = org.carechain.certificate.api.rest.CertificateResource.serial(command.serial());
        return desk.request(serial, command.reason(), caller.getSubject())
                .call(trace -> audit.record(caller.getSubject(), "trace.request", trace.traceId()))
                .chain(trace -> desk.state(trace.traceId()))
                .map(state -> Response.status(Response.Status.CREATED).entity(view(state)).build());
    }

    @GET
    @Path("/{traceId}")
    @Operation(summary = "A trace and its approvals")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TraceView.class)))
    @APIResponse(responseCode = "404", description = "No such trace", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<TraceView> get(@PathParam("traceId") String traceId) {
        return desk.state(Tracing.traceId(traceId)).map(TraceResource::view);
    }

    @POST
    @Path("/{traceId}/approvals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve a trace", description = "The officer's own signed approval, recorded on cbc.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TraceView.class)))
    @APIResponse(responseCode = "401", description = "The signature does not verify", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Not a tracing officer, or approving in another's name", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<TraceView> approve(@PathParam("traceId") String traceId, ApprovalCommand command) {
        String id = Tracing.traceId(traceId);
        if (command == null || command.officerId() == null || command.signature() == null) {
            throw CertificateException.badRequest("officerId, approvedAtMillis and signature are required");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(command.signature());
        } catch (IllegalArgumentException e) {
            throw CertificateException.badRequest("signature: is not base64url");
        }
        TraceApproval approval = TraceApproval.newBuilder()
                .setOfficerId(command.officerId())
                .setApprovedAtMillis(command.approvedAtMillis())
                .setSignature(com.google.protobuf.ByteString.copyFrom(signature))
                .build();
        return desk.approve(id, approval, caller.getSubject())
                .call(state -> audit.record(caller.getSubject(), "trace.approve", id))
                .map(TraceResource::view);
    }

    private static TraceView view(TraceDesk.TraceState state) {
        return new TraceView(state.trace().traceId(), state.trace().serial(), state.trace().certificateHash().toHex(),
                state.trace().reason(), state.trace().requestedBy(), state.trace().requestedAt(),
                state.approvals().stream().map(TraceStore.Approval::officerId).toList(), state.threshold(),
                Pem.encode("CERTIFICATE", state.certificate().der()));
    }
}

package org.carechain.certificate.status;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Base64;
import org.carechain.crypto.pki.OcspResponder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The RFC 6960 OCSP responder of this CA, over HTTP as RFC 6960 appendix A describes: POST with
 * the DER request as body, or GET with the base64 request in the path. A malformed request gets a
 * signed-less {@code malformedRequest} response, as the RFC asks, never an HTTP error.
 */
@Path("/ocsp")
@Tag(name = "Status", description = "OCSP and CRL for this CA's certificates")
@PermitAll
public class OcspResource {

    static final String REQUEST = "application/ocsp-request";
    static final String RESPONSE = "application/ocsp-response";

    @Inject
    StatusIndex statuses;

    private final Clock clock = Clock.systemUTC();

    @POST
    @NonBlocking
    @Consumes(REQUEST)
    @Produces(RESPONSE)
    @Operation(summary = "OCSP (POST)", description = "Body: a DER OCSPRequest (RFC 6960). Answers good once the "
            + "issuance is committed on cbc, revoked once a revocation is, unknown otherwise; signed with the CA's "
            + "Ed25519 key. Responses without a nonce are cached until half their validity.")
    public Response post(byte[] request) {
        return answer(request);
    }

    @GET
    @NonBlocking
    @Path("/{request: .+}")
    @Produces(RESPONSE)
    @Operation(summary = "OCSP (GET)", description = "The DER OCSPRequest, base64 and URL-encoded, in the path.")
    public Response get(@PathParam("request") String encoded) {
        byte[] request;
        try {
            request = Base64.getDecoder().decode(java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            request = new byte[0];
        }
        return answer(request);
    }

    private Response answer(byte[] request) {
        byte[] body = request == null || request.length > OcspResponder.MAX_REQUEST_SIZE
                ? statuses.respond(new byte[0], clock.instant())
                : statuses.respond(request, clock.instant());
        return Response.ok(body, RESPONSE).build();
    }
}

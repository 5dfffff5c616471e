package org.carechain.certificate.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
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
import java.util.Locale;
import java.util.regex.Pattern;
import org.carechain.certificate.CertificateException;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.issuance.IssuanceDesk;
import org.carechain.crypto.pki.CertificateStatus;
import org.carechain.crypto.pki.RevocationReason;
import org.carechain.certificate.status.StatusIndex;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.error.ErrorResponse;
import org.carechain.service.pki.Pem;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Anonymous certificates: issuance to a registered person's app, status, and revocation. */
@Path("/api/v1/certificates")
@Tag(name = "Certificates", description = "Certificate chain (CBC): anonymous certificates and their status")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");

    @Inject
    IssuanceDesk desk;

    @Inject
    CaKeys keys;

    @Inject
    StatusIndex statuses;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(description = "What an app sends for a certificate: a PKCS#10 request for its fresh key (Ed25519 or "
            + "ECDSA P-256; its signature proves possession) and the registration credential from the RBC.")
    public record IssuanceCommand(
            @Schema(description = "PKCS#10 certification request, PEM or base64 DER. The subject is ignored: the "
                    + "certificate names a fresh pseudonym.", required = true) String csr,
            @Schema(description = "The registration credential, base64url, as enrolment returned it", required = true)
            String credential) {}

    @Schema(description = "An issued anonymous certificate.")
    public record IssuedView(
            @Schema(description = "Serial number, lower-case hex") String serial,
            @Schema(description = "The certificate's subject CN: fresh for every certificate") String pseudonym,
            String role,
            Instant notAfter,
            @Schema(description = "The certificate, PEM") String certificate,
            @Schema(description = "The issuing CA's root certificate, PEM") String issuer,
            @Schema(description = "The cbc transaction of the issuance, hex") String transactionHash,
            @Schema(description = "The cbc block that committed it; absent if the commit did not come in time "
                    + "(the certificate is then valid once it does)") Long committedHeight) {}

    @Schema(description = "A revocation request.")
    public record RevocationCommand(
            @Schema(description = "RFC 5280 reason: key-compromise, affiliation-changed, superseded, "
                    + "cessation-of-operation, privilege-withdrawn or unspecified", examples = "key-compromise",
                    required = true) String reason) {}

    @Schema(description = "A recorded revocation.")
    public record RevokedView(String serial, String reason, String transactionHash, Long committedHeight) {}

    @Schema(description = "A certificate's status on the cbc channel.")
    public record StatusView(String serial, @Schema(description = "good, revoked or unknown") String status,
            Instant revokedAt, String reason) {}

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an anonymous certificate",
            description = "No token: the registration credential is the authority. The CA checks the CSR's proof of "
                    + "possession, asks the RBC whether the credential is genuine and its registration active, issues "
                    + "a certificate naming a fresh pseudonym with the role and a link tag (the rid encrypted to the "
                    + "consortium escrow key), records the issuance on cbc and answers once it is committed.")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(schema = @Schema(implementation = IssuedView.class)))
    @APIResponse(responseCode = "400", description = "Malformed CSR or credential, unsupported key, or a CSR whose "
            + "signature does not verify with its key", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "The credential is forged, expired or names no registration",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The registration is suspended or revoked",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The ledger or the RBC is unreachable, or the CA is not configured; "
            + "nothing was issued", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> issue(IssuanceCommand command) {
        if (command == null) {
            throw CertificateException.badRequest("request body is required");
        }
        byte[] csr = Pem.der(command.csr(), "CERTIFICATE REQUEST", "csr");
        // No audit row per issuance: the issuance is on cbc and in issued_certificate already.
        return desk.issue(csr, command.credential())
                .map(issued -> Response.status(Response.Status.CREATED).entity(new IssuedView(
                        issued.certificate().serial(), issued.certificate().pseudonym(), issued.role(),
                        issued.certificate().notAfter(), Pem.encode("CERTIFICATE", issued.certificate().der()),
                        keys.ca().certificate().toPem(), issued.certificate().transactionHash().toHex(),
                        issued.committedHeight().orElse(null))).build());
    }

    @GET
    @Path("/{serial}")
    @PermitAll
    @Operation(summary = "A certificate's status", description = "Public, like OCSP: good once its issuance is "
            + "committed on cbc, revoked once a revocation is, unknown otherwise.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StatusView.class)))
    @APIResponse(responseCode = "400", description = "Not a serial: 1 to 40 lower-case hex digits",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public StatusView status(@Parameter(description = "Serial number, lower-case hex") @PathParam("serial") String serial) {
        CertificateStatus status = statuses.status(new java.math.BigInteger(serial(serial), 16));
        if (status instanceof CertificateStatus.Revoked revoked) {
            return new StatusView(serial, "revoked", revoked.revokedAt(), word(revoked.reason()));
        }
        return new StatusView(serial, status instanceof CertificateStatus.Good ? "good" : "unknown", null, null);
    }

    @POST
    @Path("/{serial}/revocation")
    @RolesAllowed({"patient", "clinician", "auditor", "ca-officer"})
    @SecurityRequirement(name = "jwt")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a certificate",
            description = "The holder (a token whose subject is the certificate's pseudonym) or a CA officer. The "
                    + "revocation is recorded on cbc; OCSP and the CRL show it once it is committed.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RevokedView.class)))
    @APIResponse(responseCode = "400", description = "Bad serial or reason", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Neither the holder nor a CA officer", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "This CA issued no such certificate", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "Already revoked, or not yet committed", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RevokedView> revoke(@PathParam("serial") String serial, RevocationCommand command) {
        String checked = serial(serial);
        if (command == null) {
            throw CertificateException.badRequest("request body is required");
        }
        RevocationReason reason = reason(command.reason());
        boolean officer = caller.getGroups().contains("ca-officer");
        return desk.issued(checked).chain(issued -> {
            if (!officer && !issued.pseudonym().equals(caller.getSubject())) {
                throw CertificateException.forbidden("only the certificate's holder or a CA officer may revoke it");
            }
            return desk.revoke(checked, reason, officer ? "ca-officer" : "holder");
        }).call(revoked -> audit.record(caller.getSubject(), "certificate.revoke", revoked.serial()))
                .map(revoked -> new RevokedView(revoked.serial(), word(revoked.reason()), revoked.transactionHash().toHex(),
                        revoked.committedHeight().orElse(null)));
    }

    public static String serial(String serial) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw CertificateException.badRequest("serial: must be 1 to 40 lower-case hex digits");
        }
        return serial.replaceFirst("^0+(?=.)", "");
    }

    private static RevocationReason reason(String word) {
        if (word == null) {
            throw CertificateException.badRequest("reason: is required");
        }
        return switch (word) {
            case "unspecified" -> RevocationReason.UNSPECIFIED;
            case "key-compromise" -> RevocationReason.KEY_COMPROMISE;
            case "affiliation-changed" -> RevocationReason.AFFILIATION_CHANGED;
            case "superseded" -> RevocationReason.SUPERSEDED;
            case "cessation-of-operation" -> RevocationReason.CESSATION_OF_OPERATION;
            case "privilege-withdrawn" -> RevocationReason.PRIVILEGE_WITHDRAWN;
            default -> throw CertificateException.badRequest("reason: must be key-compromise, affiliation-changed, "
                    + "superseded, cessation-of-operation, privilege-withdrawn or unspecified");
        };
    }

    static String word(RevocationReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

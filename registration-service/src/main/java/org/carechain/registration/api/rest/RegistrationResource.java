package org.carechain.registration.api.rest;

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
import java.util.HexFormat;
import java.util.Locale;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.registration.RegistrationDesk;
import org.carechain.registration.RegistrationDesk.StatusChange;
import org.carechain.registration.Vocabulary;
import org.carechain.service.credential.Roles;
import org.carechain.service.credential.CredentialFormat;
import org.carechain.registration.identity.Identity;
import org.carechain.registration.identity.Rid;
import org.carechain.registration.keys.RegistrationKeys;
import org.carechain.registration.store.RegistrationRow;
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
import org.jboss.logging.Logger;

/** The registrar's desk: enrol people, then suspend, revoke or reinstate their registrations. */
@Path("/api/v1/registrations")
@Tag(name = "Registration", description = "Registration chain (RBC): enrolment and registration status")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {

    private static final Logger LOG = Logger.getLogger(RegistrationResource.class);

    @Inject
    RegistrationDesk desk;

    @Inject
    RegistrationKeys keys;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    @Schema(description = "A person to enrol. The identity attributes are encrypted for the consortium escrow key "
            + "and never leave this service in clear; error messages name the field, never its value.")
    public record EnrolmentCommand(
            @Schema(description = "Given name(s): letters, spaces, apostrophes, hyphens, periods; at most 100",
                    examples = "Ada", required = true) String givenName,
            @Schema(description = "Family name, same rules", examples = "Lovelace", required = true) String familyName,
            @Schema(description = "Birth date, yyyy-MM-dd, 1900-01-01 to today", examples = "1985-12-10",
                    required = true) String birthDate,
            @Schema(description = "National identifier: letters and digits (spaces and hyphens ignored); at most 32",
                    examples = "ZZ123456", required = true) String nationalId,
            @Schema(description = "patient, clinician or auditor", examples = "patient", required = true) String role,
            @Schema(description = "Enrolling organisation id: 1 to 63 characters of [a-z0-9.-]",
                    examples = "hospital1", required = true) String organization) {}

    @Schema(description = "A status change with its reason code.")
    public record StatusChangeCommand(
            @Schema(description = "key-compromise, affiliation-changed, cessation-of-role, identity-disputed, "
                    + "deceased, registrar-error, or resolved", examples = "key-compromise", required = true)
            String reason) {}

    @Schema(description = "The registration credential: rid, role and expiry signed by the RBC (Ed25519). "
            + "`encoded` is the unpadded base64url of the RegistrationCredential protobuf; see docs/registration.md.")
    public record CredentialView(String rid, String role, Instant expiresAt, String keyId, String signature,
            String encoded) {}

    @Schema(description = "A registration as recorded on the rbc channel.")
    public record RegistrationView(
            @Schema(description = "Registration id, 32 hex digits") String rid,
            String role, String organization,
            @Schema(description = "active, suspended or revoked") String status,
            @Schema(description = "The record version on rbc: 0 at enrolment, +1 per status change") int version,
            @Schema(description = "Why this version was written, e.g. enrolled or key-compromise") String reason,
            @Schema(description = "SHA-256 of the identity envelope, hex") String ciphertextHash,
            @Schema(description = "The rbc transaction of this version (its RFC 6962 leaf hash), hex")
            String transactionHash) {}

    @Schema(description = "An accepted enrolment: the registration and the person's credential.")
    public record EnrolmentView(RegistrationView registration, CredentialView credential) {}

    @Schema(description = "The RBC's credential verification key.")
    public record CredentialKeyView(String algorithm, String keyId, String publicKey) {}

    @POST
    @RolesAllowed("registrar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enrol a person",
            description = "Requires the registrar role. Seals the identity for the escrow key, stores it, records the "
                    + "registration on the rbc channel and answers only once the ledger accepted it.")
    @APIResponse(responseCode = "201", description = "Enrolled; the body holds the credential for the person",
            content = @Content(schema = @Schema(implementation = EnrolmentView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body or a field that fails validation (named, not echoed)",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the registrar role",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "This identity is already enrolled; nothing was changed",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The ledger is unreachable or the keys are not configured; "
            + "nothing was enrolled", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> enrol(EnrolmentCommand command) {
        if (command == null) {
            throw new IllegalArgumentException("request body is required");
        }
        Identity identity = Identity.of(command.givenName(), command.familyName(), command.birthDate(),
                command.nationalId(), desk.clock());
        var role = Roles.role(command.role());
        String organization = RegistrationDesk.organization(command.organization());
        return desk.enrol(identity, role, organization, actor())
                .call(enrolment -> audited("registration.enrol"))
                .map(enrolment -> Response.status(Response.Status.CREATED).entity(new EnrolmentView(
                        view(enrolment.registration(), enrolment.transactionHash().toHex()),
                        credential(enrolment.credential()))).build());
    }

    @POST
    @Path("/{rid}/{action: suspend|revoke|reinstate}")
    @RolesAllowed("registrar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend, revoke or reinstate a registration",
            description = "Requires the registrar role. `suspend` takes an active registration, `reinstate` a "
                    + "suspended one, `revoke` either (for good). Each change is a new record version on rbc, "
                    + "acknowledged once the ledger accepted it.")
    @APIResponse(responseCode = "200", description = "The registration's new status",
            content = @Content(schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "400", description = "Bad rid, missing body or unknown reason code",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the registrar role",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such registration",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "The change does not apply to the current status",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "The ledger is unreachable; nothing was changed",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RegistrationView> change(
            @Parameter(description = "Registration id, 32 hex digits") @PathParam("rid") String rid,
            @Parameter(description = "suspend, revoke or reinstate") @PathParam("action") String action,
            StatusChangeCommand command) {
        Rid parsed = Rid.fromHex(rid);
        StatusChange change = StatusChange.valueOf(action.toUpperCase(Locale.ROOT));
        if (command == null) {
            throw new IllegalArgumentException("request body is required");
        }
        var reason = Vocabulary.changeReason(command.reason());
        return desk.change(parsed, change, reason, actor())
                .call(done -> audited("registration." + action))
                .map(done -> view(done.registration(), done.transactionHash().toHex()));
    }

    @POST
    @Path("/{rid}/credential")
    @RolesAllowed("registrar")
    @Operation(summary = "Issue a fresh credential for an active registration",
            description = "Requires the registrar role; for a credential that expired or never reached the person. "
                    + "Earlier credentials stay valid until they expire; suspend or revoke the registration to stop them.")
    @APIResponse(responseCode = "200", description = "The new credential",
            content = @Content(schema = @Schema(implementation = CredentialView.class)))
    @APIResponse(responseCode = "400", description = "Bad rid",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such registration",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "The registration is not active",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<CredentialView> reissue(@Parameter(description = "Registration id, 32 hex digits") @PathParam("rid") String rid) {
        return desk.reissue(Rid.fromHex(rid))
                .call(credential -> audited("registration.credential"))
                .map(RegistrationResource::credential);
    }

    @GET
    @Path("/{rid}")
    @RolesAllowed({"registrar", "auditor"})
    @Operation(summary = "A registration's current status", description = "Requires the registrar or auditor role.")
    @APIResponse(responseCode = "200", description = "The latest record version",
            content = @Content(schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "400", description = "Bad rid",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such registration",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RegistrationView> get(@PathParam("rid") String rid) {
        return desk.status(Rid.fromHex(rid)).map(row -> view(row, null));
    }

    @GET
    @Path("/credential-key")
    @PermitAll
    @Operation(summary = "The public key that verifies registration credentials",
            description = "Public; certificate-service uses it to check credentials offline.")
    @APIResponse(responseCode = "200", description = "Ed25519 public key, hex",
            content = @Content(schema = @Schema(implementation = CredentialKeyView.class)))
    @APIResponse(responseCode = "503", description = "The keys are not configured",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public CredentialKeyView credentialKey() {
        var key = keys.credentialKey().publicKey();
        return new CredentialKeyView("Ed25519", key.keyId().hex(), HexFormat.of().formatHex(key.toByteArray()));
    }

    /**
     * Audits a change that is already committed and on its way to the chain. A failed audit write is
     * logged, but does not turn the registrar's answer into an error: the credential in it would be lost.
     */
    private Uni<Void> audited(String action) {
        return audit.record(actor(), action, "ok").onFailure().invoke(e -> LOG.errorf(
                "could not audit %s: %s", action, e.getClass().getName())).onFailure().recoverWithNull();
    }

    private String actor() {
        return caller.getSubject() == null ? "anonymous" : caller.getSubject();
    }

    private static RegistrationView view(RegistrationRow row, String transactionHash) {
        return new RegistrationView(row.rid().hex(), Roles.word(row.role()), row.organization(),
                Vocabulary.word(row.status()), row.version(), Vocabulary.word(row.reason()),
                row.ciphertextHash().toHex(), transactionHash);
    }

    private static CredentialView credential(RegistrationCredential credential) {
        return new CredentialView(HexFormat.of().formatHex(credential.getRid().toByteArray()),
                Roles.word(credential.getRole()), Instant.ofEpochMilli(credential.getExpiresAtMillis()),
                credential.getKeyId(), HexFormat.of().formatHex(credential.getSignature().toByteArray()),
                CredentialFormat.encode(credential));
    }
}

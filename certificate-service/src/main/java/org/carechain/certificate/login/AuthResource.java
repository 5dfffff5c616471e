package org.carechain.certificate.login;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.carechain.certificate.CertificateException;
import org.carechain.service.pki.Pem;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.certificate.consortium.CertificateValidation;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Login with an anonymous certificate: the app asks for a challenge, signs it with its certificate
 * key, and gets a short-lived JWT for the pseudonym. Each challenge can be answered once.
 */
@Path("/")
@Tag(name = "Login", description = "Certificate login and the consortium's token keys")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** What the app signs: this prefix, then the challenge as base64url, in UTF-8. */
    public static final String SIGNED_PREFIX = "carechain/auth/login/v1:";

    private static final Logger LOG = Logger.getLogger(AuthResource.class);

    @Inject
    CaKeys keys;

    @Inject
    CertificateConfig config;

    @Inject
    CbcStore store;

    @Inject
    CertificateValidation validation;

    @Inject
    TokenMinter minter;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @Schema(description = "A login challenge: sign the UTF-8 bytes of `carechain/auth/login/v1:` followed by "
            + "`challenge` with the certificate's key (Ed25519, or ECDSA P-256 with SHA-256, DER).")
    public record ChallengeView(@Schema(description = "32 random bytes, base64url") String challenge, Instant expiresAt) {}

    @Schema(description = "An answered challenge.")
    public record TokenCommand(
            @Schema(description = "The anonymous certificate, PEM or base64 DER", required = true) String certificate,
            @Schema(description = "The challenge, as received", required = true) String challenge,
            @Schema(description = "The signature, base64url", required = true) String signature) {}

    @Schema(description = "A login token (JWT, ES256): subject = pseudonym, groups = role.")
    public record TokenView(String accessToken, String tokenType, long expiresIn) {}

    @POST
    @Path("auth/challenge")
    @Operation(summary = "Get a login challenge", description = "Valid for carechain.certificate.challenge-lifetime; "
            + "answerable once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChallengeView.class)))
    public Uni<ChallengeView> challenge() {
        keys.requireConfigured();
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        Instant expiresAt = clock.instant().plus(config.challengeLifetime());
        return store.insertChallenge(challenge, expiresAt)
                .map(ignored -> new ChallengeView(Base64.getUrlEncoder().withoutPadding().encodeToString(challenge), expiresAt));
    }

    @POST
    @Path("auth/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a signed challenge for a token",
            description = "The certificate must chain to the consortium trust bundle, be issued on cbc and not "
                    + "revoked there, and be within its validity; the signature must verify with its key; the "
                    + "challenge must be unused and unexpired. It is used up even if the rest fails.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, certificate or signature encoding",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Unknown, used or expired challenge; invalid or revoked "
            + "certificate; bad signature", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<TokenView> token(TokenCommand command) {
        keys.requireConfigured();
        if (command == null) {
            throw CertificateException.badRequest("request body is required");
        }
        byte[] challenge = base64url(command.challenge(), "challenge", 64);
        if (challenge.length != 32) {
            throw CertificateException.badRequest("challenge: must be the 32-byte challenge, base64url");
        }
        byte[] signature = base64url(command.signature(), "signature", 256);
        byte[] der = Pem.der(command.certificate(), "CERTIFICATE", "certificate");
        Instant now = clock.instant();
        return store.takeChallenge(challenge, now).chain(taken -> {
            if (!taken) {
                throw CertificateException.unauthenticated("the challenge is unknown, already used or expired");
            }
            return validation.validate(der, now);
        }).map(certificate -> {
            CertificateValidation.verifySignature(certificate,
                    (SIGNED_PREFIX + command.challenge().strip()).getBytes(StandardCharsets.UTF_8), signature);
            TokenMinter.Token token = minter.mint(certificate, now);
            LOG.infof("login token issued for a %s certificate", certificate.role());
            return new TokenView(token.jwt(), "Bearer", Math.max(0, token.expiresAt().getEpochSecond() - now.getEpochSecond()));
        });
    }

    @GET
    @Path(".well-known/jwks.json")
    @Operation(summary = "The consortium's token keys (JWKS)", description = "Verify login tokens with these keys; "
            + "services point mp.jwt.verify.publickey.location here.")
    public Map<String, Object> jwks() {
        keys.requireConfigured();
        return Map.of("keys", java.util.List.of(keys.tokenKey().publicJwk()
                .toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
    }

    private static byte[] base64url(String text, String field, int maxChars) {
        if (text == null || text.isBlank() || text.length() > maxChars) {
            throw CertificateException.badRequest(field + ": is required, base64url, at most " + maxChars + " characters");
        }
        try {
            return Base64.getUrlDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw CertificateException.badRequest(field + ": is not base64url");
        }
    }
}

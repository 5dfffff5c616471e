package org.carechain.search.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.sse.KeywordStatement;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.search.owner.OwnerKeys;
import org.carechain.search.owner.OwnerStore;
import org.carechain.service.error.ApiException;
import org.carechain.search.owner.TokenDesk;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Owner mode's user-facing side: search tokens with signed statements, and the latest anchored
 * epoch. Tokens are bound to the caller's anonymous certificate: the request carries the
 * certificate, the token's {@code cnf.x5t#S256} must name it, and keys are wrapped to its key.
 */
@Path("/api/v1/search/owner")
@Tag(name = "Search owner", description = "Search tokens and signed keyword statements (docs/search-security.md)")
@SecurityRequirement(name = "jwt")
@RolesAllowed({"patient", "clinician", "auditor", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class SearchTokenResource {

    @Inject
    TokenDesk desk;

    @Inject
    OwnerKeys keys;

    @Inject
    OwnerStore store;

    @Inject
    JsonWebToken caller;

    @Schema(description = "Keywords to search, and the caller's anonymous certificate.")
    public record TokenRequest(
            @Schema(description = "1 to 16 keywords, e.g. code=44054006, type=Observation, date=2025-03", required = true)
            List<String> keywords,
            @Schema(description = "The caller's anonymous certificate, PEM or base64 DER; the token's cnf.x5t#S256 must name it",
                    required = true)
            String certificate) {}

    @Schema(description = "The owner's signed statement of one keyword's state at an anchored epoch.")
    public record StatementView(String owner, String ownerKeyId, String keywordTag, long count, String digest,
            long epoch, long issuedAtMillis, long expiresAtMillis, @Schema(description = "base64") String signature) {}

    @Schema(description = "One keyword under one security label.")
    public record TokenView(
            @Schema(description = "Index of the keyword in the request") int keywordIndex,
            String securityLabel,
            StatementView statement,
            @Schema(description = "The labels L_1..L_count to send to the server, base64") List<String> labels,
            @Schema(description = "The keyword's encryption key, HPKE-wrapped to the certificate key, base64") String wrappedKey) {}

    @Schema(description = "The owner's latest anchored epoch and where it is on the search channel.")
    public record AnchorView(String owner, long epoch, long logSize, String logRoot,
            @Schema(description = "base64") String signature, long height, String transactionHash, String idempotencyKey) {}

    @Schema(description = "How far the owner has indexed: the latest anchored epoch, the ehr chain height it has read "
            + "through, and whether a newer epoch is on its way to the server and the chain.")
    public record ProgressView(AnchorView anchor, long ehrHeight, boolean pending) {}

    @Schema(description = "Tokens for every keyword and every security label the caller is granted.")
    public record TokensView(String owner, AnchorView anchor, List<String> grantedLabels, List<TokenView> tokens) {}

    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search tokens", description = "Tokens, wrapped keys and signed statements for the security "
            + "labels the caller's role is granted. Verify each statement, the server's answer and the anchor before "
            + "decrypting (docs/search-security.md).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokensView.class)))
    @APIResponse(responseCode = "400", description = "Bad keywords or certificate", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "No label granted, or the token is not bound to the certificate",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "Not an owner, or no anchored epoch yet", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<TokensView> tokens(TokenRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        List<String> keywords = keywords(request.keywords());
        AnonymousCertificate certificate = certificate(request.certificate());
        Set<SecurityLabel> granted = keys.enabled() ? keys.grantsFor(caller.getGroups()) : Set.of();
        if (keys.enabled() && granted.isEmpty()) {
            throw ApiException.forbidden("your role is not granted any security label to search");
        }
        return desk.issue(keywords, certificate, granted).map(tokens -> new TokensView(tokens.owner(),
                anchor(tokens.owner(), tokens.anchored()), granted.stream().map(Enum::name).sorted().toList(),
                tokens.tokens().stream().map(SearchTokenResource::view).toList()));
    }

    @GET
    @Path("/anchor")
    @Operation(summary = "The latest anchored epoch", description = "Where this owner's latest epoch anchor is on the search "
            + "channel; users confirm it there, through a ledger node's verified tree head.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AnchorView.class)))
    @APIResponse(responseCode = "503", description = "Not an owner, or no anchored epoch yet", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<AnchorView> anchor() {
        if (!keys.enabled()) {
            throw ApiException.unavailable("this search-service is not a search owner");
        }
        return store.latestAnchored().map(epoch -> anchor(keys.provider(), epoch.orElseThrow(
                () -> ApiException.unavailable("the index has no anchored epoch yet; try again shortly"))));
    }

    @GET
    @Path("/progress")
    @Operation(summary = "Indexing progress", description = "The latest anchored epoch, the ehr chain height indexed "
            + "through, and whether an epoch is still being pushed or anchored.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProgressView.class)))
    @APIResponse(responseCode = "503", description = "Not an owner", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<ProgressView> progress() {
        if (!keys.enabled()) {
            throw ApiException.unavailable("this search-service is not a search owner");
        }
        return store.latestAnchored().chain(anchored -> store.lastEpoch().chain(last -> store.ehrHeight().map(height ->
                new ProgressView(anchored.map(epoch -> anchor(keys.provider(), epoch)).orElse(null), height,
                        last.isPresent() && !last.get().anchored()))));
    }

    private static List<String> keywords(List<String> keywords) {
        if (keywords == null || keywords.isEmpty()) {
            throw ApiException.badRequest("keywords: at least one keyword is required");
        }
        if (keywords.size() > TokenDesk.MAX_KEYWORDS) {
            throw ApiException.badRequest("keywords: at most " + TokenDesk.MAX_KEYWORDS + " per request");
        }
        List<String> checked = new ArrayList<>(keywords.size());
        for (int i = 0; i < keywords.size(); i++) {
            String keyword = keywords.get(i);
            if (keyword == null || keyword.isBlank() || keyword.length() > TokenDesk.MAX_KEYWORD_LENGTH
                    || keyword.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw ApiException.badRequest("keywords[" + i + "]: must be 1 to " + TokenDesk.MAX_KEYWORD_LENGTH
                        + " printable characters");
            }
            checked.add(keyword);
        }
        return checked;
    }

    private AnonymousCertificate certificate(String text) {
        return org.carechain.service.credential.CertificateBinding.boundCertificate(caller, text, "your anonymous certificate is required");
    }

    private static AnchorView anchor(String owner, OwnerStore.Epoch epoch) {
        return new AnchorView(owner, epoch.epoch(), epoch.logSize(), epoch.logRoot().toHex(),
                Base64.getEncoder().encodeToString(epoch.anchorSignature()), epoch.anchorHeight(),
                epoch.anchorTransaction().map(h -> h.toHex()).orElse(""),
                org.carechain.crypto.sse.EpochAnchor.idempotencyKey(owner, epoch.epoch()));
    }

    private static TokenView view(TokenDesk.KeywordToken token) {
        KeywordStatement s = token.statement();
        Base64.Encoder base64 = Base64.getEncoder();
        return new TokenView(token.keywordIndex(), token.securityLabel().name(),
                new StatementView(s.owner(), s.ownerKeyId(), s.keywordTag().toHex(), s.count(), s.digest().toHex(),
                        s.epoch(), s.issuedAtMillis(), s.expiresAtMillis(), base64.encodeToString(s.signature())),
                token.labels().stream().map(base64::encodeToString).toList(),
                base64.encodeToString(token.wrappedKey()));
    }
}

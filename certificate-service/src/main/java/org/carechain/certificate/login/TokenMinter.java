package org.carechain.certificate.login;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs the consortium's login tokens: ES256 JWTs whose subject is the certificate's pseudonym
 * and whose group is its role, bound to the certificate by its SHA-256 thumbprint
 * ({@code cnf.x5t#S256}, RFC 8705). Nothing in them names a person.
 */
@ApplicationScoped
public class TokenMinter {

    @Inject
    CaKeys keys;

    @Inject
    CertificateConfig config;

    /** A signed token and when it expires. */
    public record Token(String jwt, Instant expiresAt) {}

    public Token mint(AnonymousCertificate certificate, Instant now) {
        Instant expiresAt = now.plus(config.tokenLifetime());
        if (expiresAt.isAfter(certificate.notAfter())) {
            expiresAt = certificate.notAfter();
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.tokenIssuer());
        claims.setAudience(config.tokenAudience());
        claims.setSubject(certificate.pseudonym());
        claims.setStringClaim("upn", certificate.pseudonym());
        claims.setStringListClaim("groups", List.of(certificate.role()));
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAt.toEpochMilli()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("cnf", Map.of("x5t#S256",
                Base64.getUrlEncoder().withoutPadding().encodeToString(certificate.sha256().toByteArray())));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.tokenKey().privateKey());
        jws.setKeyIdHeaderValue(keys.tokenKey().keyId());
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return new Token(jws.getCompactSerialization(), expiresAt);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a login token", e);
        }
    }
}

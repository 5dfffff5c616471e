package org.carechain.service.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints JWTs for tests with a key pair made once per JVM; the services under test trust its
 * public key. A second, untrusted key pair makes wrongly signed tokens.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.carechain.test";
    public static final String AUDIENCE = "carechain";
    /** The {@code kid} of the trusted key, so it can sit in a JWKS beside other keys. */
    public static final String KEY_ID = "carechain-test";

    private static final KeyPair TRUSTED = newKeyPair();
    private static final KeyPair UNTRUSTED = newKeyPair();
    private static Path publicKeyFile;

    private TestTokens() {}

    /** A valid token for the given roles, good for five minutes. */
    public static String withRoles(String... roles) {
        return sign(claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles), TRUSTED.getPrivate());
    }

    /** A valid token for the given roles with one more claim, e.g. a patient's {@code patient_ref}. */
    public static String withClaim(String name, String value, String... roles) {
        JwtClaims claims = claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles);
        claims.setStringClaim(name, value);
        return sign(claims, TRUSTED.getPrivate());
    }

    /** A valid token for the given roles with more claims of any JSON type, e.g. {@code cnf}. */
    public static String withClaims(java.util.Map<String, ?> extra, String... roles) {
        JwtClaims claims = claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles);
        extra.forEach(claims::setClaim);
        return sign(claims, TRUSTED.getPrivate());
    }

    /** A valid token for a given subject, e.g. a CA officer's id. */
    public static String forSubject(String subject, String... roles) {
        JwtClaims claims = claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles);
        claims.setSubject(subject);
        return sign(claims, TRUSTED.getPrivate());
    }

    /** A valid token for a given subject with more claims of any JSON type, e.g. {@code cnf}. */
    public static String forSubject(String subject, java.util.Map<String, ?> extra, String... roles) {
        JwtClaims claims = claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles);
        claims.setSubject(subject);
        extra.forEach(claims::setClaim);
        return sign(claims, TRUSTED.getPrivate());
    }

    public static String expired(String... roles) {
        return sign(claims(ISSUER, Instant.now().minus(Duration.ofMinutes(10)), roles), TRUSTED.getPrivate());
    }

    public static String signedByUntrustedKey(String... roles) {
        return sign(claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles), UNTRUSTED.getPrivate());
    }

    public static String fromWrongIssuer(String... roles) {
        return sign(claims("https://elsewhere.test", Instant.now().plus(Duration.ofMinutes(5)), roles),
                TRUSTED.getPrivate());
    }

    /** The PEM file of the trusted public key, for {@code mp.jwt.verify.publickey.location}. */
    public static synchronized Path publicKeyPem() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("carechain-test-jwt", ".pem");
                file.toFile().deleteOnExit();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(TRUSTED.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(file, pem);
                publicKeyFile = file;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot write the test JWT key", e);
            }
        }
        return publicKeyFile;
    }

    /** A valid token in every way but its audience. */
    public static String forWrongAudience(String... roles) {
        JwtClaims claims = claims(ISSUER, Instant.now().plus(Duration.ofMinutes(5)), roles);
        claims.setAudience("another-system");
        return sign(claims, TRUSTED.getPrivate());
    }

    /** The trusted public key as a JWK ({@code kid} {@value #KEY_ID}), for a JWKS with more keys. */
    public static java.util.Map<String, Object> publicJwk() {
        try {
            org.jose4j.jwk.PublicJsonWebKey jwk = org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(TRUSTED.getPublic());
            jwk.setKeyId(KEY_ID);
            return jwk.toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(String issuer, Instant expiry, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject("pseudonym-" + UUID.randomUUID());
        claims.setIssuedAt(NumericDate.fromSeconds(expiry.getEpochSecond() - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setStringListClaim("groups", List.of(roles));
        return claims;
    }

    private static String sign(JwtClaims claims, PrivateKey key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(KEY_ID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

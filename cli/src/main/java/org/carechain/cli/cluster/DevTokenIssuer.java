package org.carechain.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The local cluster's stand-in for an OIDC issuer: an RSA key pair kept in the cluster's state
 * directory, whose public key every local service trusts. For development and demos only; a
 * deployment points the services at its real issuer's JWKS.
 */
public final class DevTokenIssuer {

    private static final String PRIVATE_PEM = "private.pem";
    private static final String PUBLIC_PEM = "public.pem";

    private final PrivateKey signingKey;
    private final PublicJsonWebKey publicJwk;
    private final Path publicKeyFile;
    private final String issuer;

    private DevTokenIssuer(PrivateKey signingKey, PublicJsonWebKey publicJwk, Path publicKeyFile, String issuer) {
        this.signingKey = signingKey;
        this.publicJwk = publicJwk;
        this.publicKeyFile = publicKeyFile;
        this.issuer = issuer;
    }

    /** Loads the key pair from the directory, creating it on first use. */
    public static DevTokenIssuer loadOrCreate(Path dir, String issuer) {
        Path privateFile = dir.resolve(PRIVATE_PEM);
        Path publicFile = dir.resolve(PUBLIC_PEM);
        try {
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(dir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                restrictToOwner(privateFile);
                Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(pemBody(privateFile, "PRIVATE KEY")));
            PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(pemBody(publicFile, "PUBLIC KEY")));
            // The key id lets the key sit in a JWKS beside the consortium's token key.
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(publicKey);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return new DevTokenIssuer(key, jwk, publicFile, issuer);
        } catch (IOException | GeneralSecurityException | JoseException e) {
            throw new ClusterException("cannot prepare the development JWT keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** The public key as a JWK, with its {@code kid} (the RFC 7638 thumbprint) that tokens name. */
    public PublicJsonWebKey publicJwk() {
        return publicJwk;
    }

    public String issuer() {
        return issuer;
    }

    /** A signed token for the subject and roles, valid for the given time. */
    public String mint(String subject, List<String> roles, Duration validity) {
        return mint(subject, roles, validity, java.util.Map.of());
    }

    /** A signed token with more string claims, e.g. a patient app's {@code patient_ref}. */
    public String mint(String subject, List<String> roles, Duration validity, java.util.Map<String, String> extraClaims) {
        Instant now = Instant.now();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience("carechain");
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(validity).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setStringListClaim("groups", roles);
        extraClaims.forEach(claims::setStringClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(publicJwk.getKeyId());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(Path file, String type) throws IOException {
        return Base64.getMimeDecoder().decode(Files.readString(file)
                .replace("-----BEGIN " + type + "-----", "")
                .replace("-----END " + type + "-----", "")
                .strip());
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the state directory's own permissions apply.
        }
    }
}

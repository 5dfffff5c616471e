package org.carechain.certificate.ca;

import java.security.KeyFactory;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The consortium's token key: EC P-256, signing login JWTs with ES256. Its key id is the RFC 7638
 * JWK thumbprint, so every CA holding the key publishes the same {@code kid}.
 */
public final class TokenKey {

    private final ECPrivateKey privateKey;
    private final EllipticCurveJsonWebKey jwk;

    private TokenKey(ECPrivateKey privateKey, EllipticCurveJsonWebKey jwk) {
        this.privateKey = privateKey;
        this.jwk = jwk;
    }

    /** @throws IllegalStateException if the key is not on P-256 */
    public static TokenKey create(ECPrivateKey privateKey) {
        if (privateKey.getParams().getCurve().getField().getFieldSize() != 256
                || !privateKey.getParams().getOrder().equals(p256().getN())) {
            throw new IllegalStateException("carechain.certificate.token-key-file must hold an EC P-256 key");
        }
        try {
            EllipticCurveJsonWebKey jwk = (EllipticCurveJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(publicKey(privateKey));
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            jwk.setUse("sig");
            jwk.setAlgorithm("ES256");
            return new TokenKey(privateKey, jwk);
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException("carechain.certificate.token-key-file: the public key cannot be derived");
        }
    }

    public ECPrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return jwk.getKeyId();
    }

    /** The public JWK, as published at {@code /.well-known/jwks.json}. */
    public EllipticCurveJsonWebKey publicJwk() {
        return jwk;
    }

    private static ECNamedCurveParameterSpec p256() {
        return ECNamedCurveTable.getParameterSpec("secp256r1");
    }

    private static ECPublicKey publicKey(ECPrivateKey privateKey) throws GeneralSecurityException {
        org.bouncycastle.math.ec.ECPoint q = p256().getG().multiply(privateKey.getS()).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, privateKey.getParams()));
    }
}

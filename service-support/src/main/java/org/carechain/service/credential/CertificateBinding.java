package org.carechain.service.credential;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The binding of a login token to its anonymous certificate: the token's {@code cnf.x5t#S256}
 * (RFC 8705) is the base64url SHA-256 of the certificate, so whoever holds the token can be sent
 * what only the certificate's key opens.
 */
public final class CertificateBinding {

    /** Why a certificate does not go with a token; the message names no one. */
    public static final class NotBoundException extends Exception {
        public NotBoundException(String message) {
            super(message, null, false, false);
        }
    }

    private CertificateBinding() {}

    /** The thumbprint the token is bound to, if it carries one. */
    public static Optional<String> thumbprint(JsonWebToken token) {
        Object cnf = token.getClaim("cnf");
        Object value = null;
        if (cnf instanceof JsonObject object) {
            value = object.get("x5t#S256");
        } else if (cnf instanceof Map<?, ?> map) {
            value = map.get("x5t#S256");
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        return value instanceof String string ? Optional.of(string) : Optional.empty();
    }

    /** The thumbprint of a certificate, as {@code cnf.x5t#S256} writes it. */
    public static String thumbprint(AnonymousCertificate certificate) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(certificate.sha256().toByteArray());
    }

    /**
     * @throws NotBoundException if the token is not bound to the certificate, or the certificate is
     *     not valid at {@code now}
     */
    public static void requireBound(JsonWebToken token, AnonymousCertificate certificate, Instant now)
            throws NotBoundException {
        if (!thumbprint(token).map(thumbprint(certificate)::equals).orElse(false)) {
            throw new NotBoundException("the token is not bound to this certificate (cnf.x5t#S256); log in with it");
        }
        try {
            certificate.verifyValidAt(now);
        } catch (CertificateException e) {
            throw new NotBoundException("the certificate is not valid now");
        }
    }

    /**
     * The caller's anonymous certificate as a request carries it (PEM or base64 DER), checked to be
     * the one the caller's token is bound to and valid now.
     *
     * @param missing the reason when no certificate is given
     * @throws org.carechain.service.error.ApiException 400 if it is missing or not an anonymous
     *     certificate, 403 if the token is not bound to it or it is not valid now
     */
    public static AnonymousCertificate boundCertificate(JsonWebToken token, String text, String missing) {
        if (text == null || text.isBlank()) {
            throw org.carechain.service.error.ApiException.badRequest("certificate: " + missing);
        }
        AnonymousCertificate certificate;
        try {
            certificate = AnonymousCertificate.parse(org.carechain.service.pki.Pem.der(text, "CERTIFICATE", "certificate"));
        } catch (org.carechain.crypto.pki.MalformedPkiDataException e) {
            throw org.carechain.service.error.ApiException.badRequest("certificate: not an anonymous certificate");
        }
        try {
            requireBound(token, certificate, Instant.now());
        } catch (NotBoundException e) {
            throw org.carechain.service.error.ApiException.forbidden(e.getMessage());
        }
        return certificate;
    }
}

package org.carechain.certificate.consortium;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Instant;
import org.carechain.certificate.CertificateException;
import org.carechain.certificate.chain.CbcState;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.MalformedPkiDataException;

/**
 * The consortium's rule for an anonymous certificate, checked the same way whichever CA issued
 * it: it chains to a root of the current trust bundle, its issuance is on {@code cbc} (by that
 * CA), it is not revoked there, and it is within its validity.
 */
@ApplicationScoped
public class CertificateValidation {

    @Inject
    CbcState chain;

    @Inject
    CbcStore store;

    /** Completes with the parsed certificate if it is valid at {@code now}; otherwise fails with a 4xx saying why. */
    public Uni<AnonymousCertificate> validate(byte[] der, Instant now) {
        AnonymousCertificate certificate;
        try {
            certificate = AnonymousCertificate.parse(der);
        } catch (MalformedPkiDataException e) {
            throw CertificateException.badRequest("certificate: " + e.getMessage());
        }
        TrustBundle bundle = chain.bundle();
        if (bundle == null) {
            throw CertificateException.unavailable("the cbc channel has not been read yet; try again shortly");
        }
        TrustBundle.Root issuer = bundle.roots().stream()
                .filter(root -> issuedBy(certificate, root))
                .findFirst()
                .orElseThrow(() -> CertificateException.unauthenticated(
                        "the certificate does not chain to a root of the consortium trust bundle"));
        try {
            certificate.verifyValidAt(now);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw CertificateException.unauthenticated("the certificate is outside its validity period");
        }
        return store.chainCertificate(certificate.sha256()).map(found -> {
            CbcStore.ChainCertificate onChain = found.orElseThrow(() -> CertificateException.unauthenticated(
                    "the certificate's issuance is not on the cbc channel"));
            if (!onChain.issuerCa().equals(issuer.id().toHex())) {
                throw CertificateException.unauthenticated("the certificate's issuance on cbc names another CA");
            }
            if (onChain.revoked()) {
                throw CertificateException.unauthenticated("the certificate is revoked");
            }
            return certificate;
        });
    }

    private static boolean issuedBy(AnonymousCertificate certificate, TrustBundle.Root root) {
        try {
            certificate.verifyIssuedBy(root.certificate());
            return true;
        } catch (SignatureException e) {
            return false;
        }
    }

    /** Verifies a signature by the certificate's key; a 401 if it does not verify. */
    public static void verifySignature(AnonymousCertificate certificate, byte[] message, byte[] signature) {
        try {
            certificate.verifySignature(message, signature);
        } catch (GeneralSecurityException e) {
            throw CertificateException.unauthenticated("the signature does not verify with the certificate's key");
        }
    }
}

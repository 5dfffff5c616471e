package org.carechain.certificate;

import io.grpc.Status;
import org.carechain.service.error.ApiException;

/**
 * A certificate request that cannot be carried out. Messages say what was wrong and never echo
 * what the caller sent.
 */
public class CertificateException extends ApiException {

    private CertificateException(int httpStatus, Status.Code grpcCode, String message) {
        super(httpStatus, grpcCode, message);
    }

    public static CertificateException badRequest(String reason) {
        return new CertificateException(400, Status.Code.INVALID_ARGUMENT, reason);
    }

    /** The caller's credential or proof is not acceptable. */
    public static CertificateException unauthenticated(String reason) {
        return new CertificateException(401, Status.Code.UNAUTHENTICATED, reason);
    }

    public static CertificateException forbidden(String reason) {
        return new CertificateException(403, Status.Code.PERMISSION_DENIED, reason);
    }

    public static CertificateException notFound(String reason) {
        return new CertificateException(404, Status.Code.NOT_FOUND, reason);
    }

    public static CertificateException conflict(String reason) {
        return new CertificateException(409, Status.Code.FAILED_PRECONDITION, reason);
    }

    public static CertificateException unavailable(String reason) {
        return new CertificateException(503, Status.Code.UNAVAILABLE, reason);
    }

    public static CertificateException notConfigured() {
        return unavailable("the CA keys are not configured on this node (carechain.certificate.*)");
    }
}

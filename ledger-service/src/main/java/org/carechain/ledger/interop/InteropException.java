package org.carechain.ledger.interop;

import io.grpc.Status;
import org.carechain.service.error.ApiException;

/** A consent or exchange request that cannot be carried out; messages never carry PHI. */
public final class InteropException extends ApiException {

    private InteropException(int httpStatus, Status.Code code, String message) {
        super(httpStatus, code, message);
    }

    public static InteropException invalid(String message) {
        return new InteropException(400, Status.Code.INVALID_ARGUMENT, message);
    }

    public static InteropException unauthenticated(String message) {
        return new InteropException(401, Status.Code.UNAUTHENTICATED, message);
    }

    public static InteropException forbidden(String message) {
        return new InteropException(403, Status.Code.PERMISSION_DENIED, message);
    }

    public static InteropException notFound(String message) {
        return new InteropException(404, Status.Code.NOT_FOUND, message);
    }

    public static InteropException conflict(String message) {
        return new InteropException(409, Status.Code.FAILED_PRECONDITION, message);
    }

    public static InteropException unavailable(String message) {
        return new InteropException(503, Status.Code.UNAVAILABLE, message);
    }

    public static InteropException badGateway(String message) {
        return new InteropException(502, Status.Code.UNAVAILABLE, message);
    }
}

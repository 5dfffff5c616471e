package org.carechain.registration;

import io.grpc.Status;
import org.carechain.service.error.ApiException;

/**
 * A registration request that cannot be carried out. Messages name what was wrong and never hold
 * identity attributes.
 */
public class RegistrationException extends ApiException {

    private RegistrationException(int httpStatus, Status.Code grpcCode, String message) {
        super(httpStatus, grpcCode, message);
    }

    public static RegistrationException duplicateIdentity() {
        return new RegistrationException(409, Status.Code.ALREADY_EXISTS,
                "this identity is already enrolled; nothing was changed");
    }

    public static RegistrationException notFound() {
        return new RegistrationException(404, Status.Code.NOT_FOUND, "no registration with this rid");
    }

    public static RegistrationException conflict(String reason) {
        return new RegistrationException(409, Status.Code.FAILED_PRECONDITION, reason);
    }

    public static RegistrationException tracingDisabled() {
        return new RegistrationException(503, Status.Code.UNAVAILABLE,
                "tracing is not configured on this node (carechain.registration.cbc-genesis-file)");
    }

    public static RegistrationException forbidden(String reason) {
        return new RegistrationException(403, Status.Code.PERMISSION_DENIED, reason);
    }

    public static RegistrationException badRequest(String reason) {
        return new RegistrationException(400, Status.Code.INVALID_ARGUMENT, reason);
    }

    public static RegistrationException notConfigured() {
        return new RegistrationException(503, Status.Code.UNAVAILABLE,
                "registration keys are not configured on this node (carechain.registration.*)");
    }
}

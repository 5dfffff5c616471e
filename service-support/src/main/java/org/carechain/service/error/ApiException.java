package org.carechain.service.error;

import io.grpc.Status;

/**
 * A request that cannot be carried out, with the HTTP and gRPC status it maps to. The factories
 * below cover the common statuses; services subclass it for errors with a fixed meaning of their
 * own ({@code RegistrationException.notFound()}). The central mappers turn it into the shared JSON
 * body or the gRPC status. Messages say what was wrong and
 * never carry identity attributes or health information.
 */
public class ApiException extends RuntimeException {

    private final int httpStatus;
    private final Status.Code grpcCode;

    protected ApiException(int httpStatus, Status.Code grpcCode, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Status toGrpcStatus() {
        return Status.fromCode(grpcCode).withDescription(getMessage());
    }

    /** 400 / INVALID_ARGUMENT: the request is malformed; the message names the field. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, Status.Code.INVALID_ARGUMENT, message);
    }

    /** 401 / UNAUTHENTICATED. */
    public static ApiException unauthenticated(String message) {
        return new ApiException(401, Status.Code.UNAUTHENTICATED, message);
    }

    /** 403 / PERMISSION_DENIED. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, Status.Code.PERMISSION_DENIED, message);
    }

    /** 404 / NOT_FOUND. */
    public static ApiException notFound(String message) {
        return new ApiException(404, Status.Code.NOT_FOUND, message);
    }

    /** 409 / FAILED_PRECONDITION: the request conflicts with the current state. */
    public static ApiException conflict(String message) {
        return new ApiException(409, Status.Code.FAILED_PRECONDITION, message);
    }

    /** 502 / UNAVAILABLE: a service this one forwards to did not answer. */
    public static ApiException badGateway(String message) {
        return new ApiException(502, Status.Code.UNAVAILABLE, message);
    }

    /** 503 / UNAVAILABLE: this service cannot do it now; retry later. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, Status.Code.UNAVAILABLE, message);
    }
}

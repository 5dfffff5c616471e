package org.carechain.service.error;

import io.grpc.Status;

/**
 * A request that cannot be carried out, with the HTTP and gRPC status it maps to. Services
 * subclass it with named factories ({@code RegistrationException.notFound()}); the central
 * mappers turn it into the shared JSON body or the gRPC status. Messages say what was wrong and
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
}

package org.carechain.service.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * The one place where gRPC errors become statuses: a caller's mistake is INVALID_ARGUMENT with
 * the reason, explicit statuses pass through, and anything else is a generic INTERNAL so no
 * internal detail leaves the service.
 */
@ApplicationScoped
public class GrpcErrorMapping implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcErrorMapping.class);

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
            ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> call, Metadata metadata) {
                StatusException mapped = toStatusException(failure);
                Metadata trailers = mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers();
                call.close(mapped.getStatus(), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatusException(failure);
    }

    static StatusException toStatusException(Throwable failure) {
        if (failure instanceof StatusException statusException) {
            return statusException;
        }
        if (failure instanceof StatusRuntimeException runtime) {
            return new StatusException(runtime.getStatus(), runtime.getTrailers());
        }
        if (failure instanceof ApiException api) {
            return api.toGrpcStatus().asException();
        }
        if (failure instanceof IllegalArgumentException || failure instanceof ConstraintViolationException) {
            return Status.INVALID_ARGUMENT.withDescription(failure.getMessage()).asException();
        }
        LOG.errorf("unhandled %s in gRPC call", failure.getClass().getName());
        LOG.debug("unhandled exception", failure);
        return Status.INTERNAL.withDescription("internal error").asException();
    }
}

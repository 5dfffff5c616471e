package org.carechain.service.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.carechain.service.audit.AuditLog;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where REST errors become responses. Everything a caller can cause maps to a 4xx
 * with a JSON reason; anything else is our fault, is logged by type only, and returns a generic
 * 500 so no internal detail (or request content) leaves the service.
 */
public class RestErrorMapper {

    private static final Logger LOG = Logger.getLogger(RestErrorMapper.class);

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response invalidArgument(IllegalArgumentException e) {
        return respond(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        String reason = e.getConstraintViolations().stream()
                .map(RestErrorMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(Response.Status.BAD_REQUEST, reason);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class})
    public Response malformedJson(Exception e) {
        return respond(Response.Status.BAD_REQUEST, "malformed JSON body");
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Uni<Response> unauthenticated(RuntimeException e) {
        Response response = Response.fromResponse(respond(Response.Status.UNAUTHORIZED,
                        "missing, expired or invalid bearer token"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
        return refused(null, "401", response);
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e) {
        return refused(identity.isAnonymous() ? null : identity.getPrincipal().getName(), "403",
                respond(Response.Status.FORBIDDEN, "the token's roles do not allow this operation"));
    }

    /**
     * Records a refused call in the audit table (who, if known, and the status; never the path, which
     * may name a record) and answers; an audit table that cannot be written does not change the answer.
     */
    private Uni<Response> refused(String actor, String status, Response response) {
        return audit.record(actor, "auth.refused", status)
                .onFailure().invoke(failure -> LOG.warnf("cannot record a refused call: %s", failure.getClass().getName()))
                .onFailure().recoverWithNull()
                .replaceWith(response);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return internal(e);
        }
        String reason = e.getCause() instanceof JsonProcessingException
                ? "malformed JSON body"
                : original.getStatusInfo().getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        if (e.getMessage() != null && !e.getMessage().startsWith("HTTP " + status)) {
            reason = e.getMessage();
        }
        return respond(status, reason);
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.httpStatus(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response downstream(io.grpc.StatusRuntimeException e) {
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> respond(Response.Status.SERVICE_UNAVAILABLE,
                    "a service this one depends on is unavailable");
            case INVALID_ARGUMENT -> respond(Response.Status.BAD_REQUEST, e.getStatus().getDescription());
            case PERMISSION_DENIED -> respond(Response.Status.FORBIDDEN, e.getStatus().getDescription());
            case UNAUTHENTICATED -> respond(Response.Status.UNAUTHORIZED, e.getStatus().getDescription());
            case NOT_FOUND -> respond(Response.Status.NOT_FOUND, e.getStatus().getDescription());
            default -> internal(e);
        };
    }

    /** A failure whose handler failed too (Mutiny): the first failure says what went wrong. */
    @ServerExceptionMapper
    public Response composite(io.smallrye.mutiny.CompositeException e) {
        Throwable first = e.getCauses().get(0);
        if (first instanceof ApiException api) {
            return api(api);
        }
        if (first instanceof IllegalArgumentException invalid) {
            return invalidArgument(invalid);
        }
        return internal(e);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        LOG.errorf("unhandled %s", e.getClass().getName());
        LOG.debug("unhandled exception", e);
        return respond(Response.Status.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static Response respond(Response.Status status, String reason) {
        return respond(status.getStatusCode(), reason);
    }

    private static Response respond(int status, String reason) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status, reason == null ? "bad request" : reason))
                .build();
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int lastDot = path.lastIndexOf('.');
        String field = lastDot >= 0 ? path.substring(lastDot + 1) : path;
        return field + ": " + violation.getMessage();
    }
}

package org.carechain.search.server;

import io.grpc.Status;
import org.carechain.service.error.ApiException;

/**
 * A server-mode request that cannot be carried out. Messages name the field or the rule and never
 * echo labels, values or signatures.
 */
public class SearchServerException extends ApiException {

    private SearchServerException(int httpStatus, Status.Code grpcCode, String message) {
        super(httpStatus, grpcCode, message);
    }

    public static SearchServerException badRequest(String reason) {
        return new SearchServerException(400, Status.Code.INVALID_ARGUMENT, reason);
    }

    /** The push does not come from the owner it names. */
    public static SearchServerException forbidden(String reason) {
        return new SearchServerException(403, Status.Code.PERMISSION_DENIED, reason);
    }

    public static SearchServerException unknownOwner() {
        return new SearchServerException(404, Status.Code.NOT_FOUND, "owner: not hosted by this server");
    }

    /** The push does not extend the log as it is now. */
    public static SearchServerException conflict(String reason) {
        return new SearchServerException(409, Status.Code.FAILED_PRECONDITION, reason);
    }

    public static SearchServerException disabled() {
        return new SearchServerException(404, Status.Code.UNIMPLEMENTED,
                "this node does not run the search server (carechain.search.server.enabled=false)");
    }
}

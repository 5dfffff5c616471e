package org.carechain.search.owner;

import io.grpc.Status;
import org.carechain.service.error.ApiException;

/** A search request that cannot be carried out; messages never name a keyword or a record. */
public final class SearchException extends ApiException {

    private SearchException(int httpStatus, Status.Code grpcCode, String message) {
        super(httpStatus, grpcCode, message);
    }

    public static SearchException badRequest(String message) {
        return new SearchException(400, Status.Code.INVALID_ARGUMENT, message);
    }

    public static SearchException forbidden(String message) {
        return new SearchException(403, Status.Code.PERMISSION_DENIED, message);
    }

    public static SearchException unavailable(String message) {
        return new SearchException(503, Status.Code.UNAVAILABLE, message);
    }
}

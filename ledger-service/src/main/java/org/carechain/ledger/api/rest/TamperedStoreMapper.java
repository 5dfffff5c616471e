package org.carechain.ledger.api.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.carechain.ledger.persistence.TamperedStoreException;
import org.carechain.service.error.ErrorResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Stored data that no longer matches its hashes is this node's fault, not the caller's, and not
 * an unknown one either: 503, so a client asks another validator. The reason names nothing
 * stored; the node's log names the block or transaction.
 */
public class TamperedStoreMapper {

    static final String REASON = "this node's stored copy failed its integrity check and is not served; ask another validator";

    @ServerExceptionMapper
    public Response tampered(TamperedStoreException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), REASON))
                .build();
    }
}

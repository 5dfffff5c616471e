package org.carechain.registration.api.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.carechain.registration.RegistrationException;
import org.carechain.service.error.ErrorResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Registration failures as the shared error body, next to the central {@code RestErrorMapper}. */
public class RegistrationErrorMapper {

    @ServerExceptionMapper
    public Response registration(RegistrationException e) {
        return Response.status(e.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(e.httpStatus(), e.getMessage()))
                .build();
    }
}

package org.carechain.service.error;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON body of every error a CareChain REST API returns. The reason names what was wrong
 * with the request; it never echoes request content, so it cannot leak health information.
 */
@Schema(name = "Error", description = "Why a request failed.")
public record ErrorResponse(
        @Schema(description = "HTTP status code", examples = "400") int code,
        @Schema(description = "Human-readable reason", examples = "malformed JSON body") String error) {}

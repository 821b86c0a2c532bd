package io.dataexporter.gateway.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;

/** A new token: the stored fields plus the token text, shown in this answer only. */
@Schema(name = "CreatedToken")
public record CreatedToken(
    @JsonUnwrapped TokenView stored,
    @Schema(
            description = "the bearer token; it is never stored and never shown again",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String token) {}

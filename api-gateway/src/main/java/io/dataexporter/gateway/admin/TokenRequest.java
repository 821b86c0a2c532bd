package io.dataexporter.gateway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body that creates a token, as the OpenAPI document describes it. */
@Schema(name = "TokenRequest")
public record TokenRequest(
    @Schema(
            description = "the user the token belongs to; leading and trailing blanks are dropped",
            minLength = 1,
            maxLength = 100,
            requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
    @Schema(
            allowableValues = {"user", "admin"},
            defaultValue = "user")
        String role,
    @JsonProperty("expires_at")
        @Schema(
            format = "date-time",
            types = {"string", "null"},
            description = "ISO-8601 with offset; absent or null = never")
        String expiresAt) {}

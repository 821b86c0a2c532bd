package io.dataexporter.gateway.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to revoking a token. */
@Schema(name = "RevokedToken")
public record RevokedToken(
    @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(description = "always true", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean revoked) {}

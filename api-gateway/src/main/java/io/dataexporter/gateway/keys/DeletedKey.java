package io.dataexporter.gateway.keys;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to deleting a public key. */
@Schema(name = "DeletedPublicKey")
public record DeletedKey(
    @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(description = "always true", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean deleted) {}

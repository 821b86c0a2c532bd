package io.dataexporter.gateway.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON form of a key upload (for the OpenAPI document; the controller reads the text). */
@Schema(name = "PublicKeyUpload")
record KeyBody(
    @JsonProperty("public_key")
        @Schema(
            description =
                "one OpenPGP public key, ASCII-armored (gpg --armor --export KEY), at most 64 KiB",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String publicKey,
    @Schema(
            description = "an optional label, at most 200 characters",
            types = {"string", "null"})
        String name) {}

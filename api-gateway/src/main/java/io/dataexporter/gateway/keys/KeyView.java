package io.dataexporter.gateway.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.keys.PublicKey;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A stored OpenPGP public key as the API shows it (the key material itself is not repeated). */
@Schema(name = "PublicKey")
public record KeyView(
    @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(
            description = "the label given on upload",
            types = {"string", "null"})
        String name,
    @Schema(
            description = "the primary key's fingerprint, upper-case hex",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String fingerprint,
    @JsonProperty("key_id")
        @Schema(
            description = "the primary key's 64-bit key id, 16 upper-case hex digits",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String keyId,
    @JsonProperty("user_ids") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        List<String> userIds,
    @Schema(
            description =
                "primary/encryption key algorithms as gpg names them, e.g. rsa3072/rsa3072",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String algorithm,
    @Schema(description = "the user who uploaded it") String owner,
    @JsonProperty("created_at")
        @Schema(
            format = "date-time",
            description = "when it was uploaded",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String createdAt,
    @JsonProperty("expires_at")
        @Schema(
            format = "date-time",
            description = "when it can no longer be encrypted to (null: never)",
            types = {"string", "null"})
        String expiresAt) {

  static KeyView of(PublicKey key) {
    return new KeyView(
        key.id().toString(),
        key.name(),
        key.fingerprint(),
        key.keyId(),
        key.userIds(),
        key.algorithm(),
        key.owner(),
        key.createdAt().toString(),
        key.expiresAt() == null ? null : key.expiresAt().toString());
  }
}

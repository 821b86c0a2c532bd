package io.dataexporter.gateway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.auth.ApiToken;
import io.swagger.v3.oas.annotations.media.Schema;

/** An API token as admins see it: never the token text itself. */
@Schema(name = "ApiToken")
public record TokenView(
    @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(
            description = "the user it belongs to; exports and templates are owned by this name",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
    @Schema(
            allowableValues = {"user", "admin"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String role,
    @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
    @JsonProperty("created_by") @Schema(types = {"string", "null"}) String createdBy,
    @JsonProperty("expires_at")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String expiresAt,
    @JsonProperty("revoked_at")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String revokedAt) {

  static TokenView of(ApiToken t) {
    return new TokenView(
        t.id().toString(),
        t.name(),
        t.role(),
        t.createdAt().toString(),
        t.createdBy(),
        t.expiresAt() == null ? null : t.expiresAt().toString(),
        t.revokedAt() == null ? null : t.revokedAt().toString());
  }
}

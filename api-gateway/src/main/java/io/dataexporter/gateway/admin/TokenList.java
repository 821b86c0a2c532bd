package io.dataexporter.gateway.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Every token, revoked ones included. */
@Schema(name = "TokenList")
public record TokenList(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<TokenView> items,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int total) {}

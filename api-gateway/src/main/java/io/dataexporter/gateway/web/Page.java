package io.dataexporter.gateway.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a list: the items, how many there are in all, and the page asked for. */
public record Page<T>(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<T> items,
    @Schema(
            description = "items in all, over every page",
            requiredMode = Schema.RequiredMode.REQUIRED)
        long total,
    @Schema(description = "the page size asked for", requiredMode = Schema.RequiredMode.REQUIRED)
        int limit,
    @Schema(
            description = "items skipped before this page",
            requiredMode = Schema.RequiredMode.REQUIRED)
        int offset) {}

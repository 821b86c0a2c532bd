package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer to a backfill: the runs it added (they start a bounded number at a time). */
@Schema(
    name = "BackfillStarted",
    description =
        "The backfill runs added, oldest window first; windows that already have a run completed"
            + " or under way get none")
public record BackfillStarted(
    @Schema(description = "how many runs were added") int runs,
    @JsonProperty("run_ids") List<Long> runIds) {}

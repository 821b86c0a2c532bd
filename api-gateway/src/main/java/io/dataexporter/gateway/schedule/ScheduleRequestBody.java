package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.export.ExportRequestBody;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST} and {@code PUT /api/v1/schedules}, as the OpenAPI document describes it;
 * {@link ScheduleRequestParser} checks it (any other field is a 400).
 */
@Schema(name = "ScheduleRequest", description = "A schedule's settings; PUT replaces them all")
public record ScheduleRequestBody(
    @Schema(
            description = "unique per owner; leading and trailing blanks are dropped",
            minLength = 1,
            maxLength = 200,
            requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
    @Schema(
            description =
                "Unix cron: 5 fields (minute hour day-of-month month day-of-week) or @hourly,"
                    + " @daily, @midnight, @weekly, @monthly, @yearly; read in timezone",
            example = "0 2 * * *",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String cron,
    @Schema(description = "IANA time zone id", example = "Europe/Berlin", defaultValue = "UTC")
        String timezone,
    @Schema(
            description =
                "window: each run exports [fire time - window - lag, fire time - lag);"
                    + " incremental: each run exports the rows that became visible since the"
                    + " previous completed run",
            allowableValues = {"window", "incremental"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String mode,
    @Schema(
            description =
                "window mode (required there, refused in incremental mode): ISO-8601 duration,"
                    + " positive, at most P366D; P1D = 24 hours",
            example = "P1D",
            types = {"string", "null"})
        String window,
    @Schema(
            description =
                "ISO-8601 duration >= 0, at most P366D: how long after its fire time a run waits for late data",
            example = "PT15M",
            defaultValue = "PT0S",
            types = {"string", "null"})
        String lag,
    @Schema(
            description =
                "fire times missed while nothing could fire them: run_once runs the latest, skip"
                    + " none",
            allowableValues = {"run_once", "skip"},
            defaultValue = "run_once")
        String misfire,
    @Schema(
            description =
                "what each run exports: the fields of an export request except start_date,"
                    + " end_date and webhook (each a 400 here)",
            requiredMode = Schema.RequiredMode.REQUIRED)
        ExportRequestBody export,
    @Schema(
            description = "where each run's end (completed, failed, cancelled) is announced",
            types = {"object", "null"})
        ScheduleWebhookRequest webhook,
    @Schema(description = "false: created paused", defaultValue = "true") Boolean enabled,
    @JsonProperty("start_date")
        @Schema(
            description =
                "incremental mode only: lower bound of the time column for every run, ISO-8601"
                    + " with offset",
            format = "date-time",
            types = {"string", "null"})
        String startDate) {

  /** A schedule's webhook: an absolute http or https URL and an optional signing key. */
  @Schema(name = "ScheduleWebhookRequest")
  public record ScheduleWebhookRequest(
      @Schema(
              description = "absolute http or https URL",
              format = "uri",
              maxLength = 2000,
              requiredMode = Schema.RequiredMode.REQUIRED)
          String url,
      @Schema(
              description =
                  "key of the X-Exporter-Signature HMAC-SHA256; never shown again (views say"
                      + " secret_set)",
              minLength = 1,
              maxLength = 500,
              types = {"string", "null"})
          String secret) {}
}

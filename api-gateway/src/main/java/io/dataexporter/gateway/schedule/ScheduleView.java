package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.export.ExportConfigView;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleRun;
import io.swagger.v3.oas.annotations.media.Schema;

/** A schedule as the API shows it. */
@Schema(name = "Schedule", description = "A standing order: an export on a cron in a time zone")
public record ScheduleView(
    @JsonProperty("schedule_id")
        @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String scheduleId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(description = "the user whose exports its runs make") String owner,
    @Schema(description = "5 fields or a macro (@hourly, @daily, ...)") String cron,
    @Schema(description = "IANA time zone the cron is read in") String timezone,
    @Schema(allowableValues = {"window", "incremental"}) String mode,
    @Schema(
            description = "window mode: each run's window, ISO-8601 duration",
            types = {"string", "null"})
        String window,
    @Schema(
            description = "how long a run waits after its fire time, ISO-8601 duration",
            types = {"string", "null"})
        String lag,
    @Schema(allowableValues = {"run_once", "skip"}) String misfire,
    @Schema(description = "what each run exports (its dates are set per run)")
        ExportConfigView export,
    @Schema(types = {"object", "null"}) ScheduleWebhookView webhook,
    boolean enabled,
    @JsonProperty("start_date")
        @Schema(
            description = "incremental mode: lower bound of the time column for every run",
            format = "date-time",
            types = {"string", "null"})
        String startDate,
    @JsonProperty("next_run_at")
        @Schema(
            description = "the next fire time; null while paused",
            format = "date-time",
            types = {"string", "null"})
        String nextRunAt,
    @JsonProperty("last_run")
        @Schema(
            description = "the newest run, or null",
            types = {"object", "null"})
        ScheduleRunView lastRun,
    @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
    @JsonProperty("updated_at") @Schema(format = "date-time") String updatedAt) {

  static ScheduleView of(Schedule s, ScheduleRun lastRun) {
    return new ScheduleView(
        s.id().toString(),
        s.name(),
        s.owner(),
        s.cron(),
        s.timezone().getId(),
        s.mode().wire(),
        ScheduleRequestParser.text(s.window()),
        ScheduleRequestParser.text(s.lag()),
        s.misfire().wire(),
        ExportConfigView.of(s.export()),
        ScheduleWebhookView.of(s.webhook()),
        s.enabled(),
        ScheduleRunView.text(s.startDate()),
        ScheduleRunView.text(s.nextFireAt()),
        ScheduleRunView.of(lastRun),
        ScheduleRunView.text(s.createdAt()),
        ScheduleRunView.text(s.updatedAt()));
  }
}

package io.dataexporter.gateway.schedule;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.gateway.web.Page;
import io.dataexporter.gateway.web.PageParameters;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.schedule.AddScheduleRuns;
import io.dataexporter.schedule.CronSchedule;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleProperties;
import io.dataexporter.schedule.ScheduleRepository;
import io.dataexporter.schedule.ScheduleRun;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Recurring exports: {@code /api/v1/schedules}. Owned like exports: someone else's schedule is a
 * 404, admins see and change every one. Each route also answers with a trailing slash.
 */
@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "schedules")
class ScheduleController {
  private static final int MAX_FIRE_TIMES = 20;

  private final ScheduleRepository schedules;
  private final ScheduleRunRepository runs;
  private final SaveSchedules save;
  private final AddScheduleRuns addRuns;
  private final ScheduleRequestParser parser;
  private final ScheduleProperties scheduleProperties;
  private final GatewayProperties properties;
  private final AuditTrail audit;
  private final Clock clock;

  ScheduleController(
      ScheduleRepository schedules,
      ScheduleRunRepository runs,
      SaveSchedules save,
      AddScheduleRuns addRuns,
      ScheduleRequestParser parser,
      ScheduleProperties scheduleProperties,
      GatewayProperties properties,
      AuditTrail audit,
      Clock clock) {
    this.schedules = schedules;
    this.runs = runs;
    this.save = save;
    this.addRuns = addRuns;
    this.parser = parser;
    this.scheduleProperties = scheduleProperties;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
  }

  @PostMapping({"", "/"})
  @Operation(
      operationId = "createSchedule",
      summary = "Create a schedule",
      description =
          "Stores the schedule; when enabled it fires next at the first cron time after now. 409"
              + " for a name the owner already uses or an owner at exporter.schedules.max-per-owner.")
  @ApiResponse(responseCode = "201", description = "Created; Location names it")
  @ProblemResponses({400, 401, 409, 413, 415, 503})
  ResponseEntity<ScheduleView> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = ScheduleRequestBody.class)))
          @RequestBody
          JsonNode body) {
    Instant now = now();
    Caller caller = Caller.current();
    ScheduleSettings settings = parser.parse(body, now, caller.name());
    Schedule schedule = settings.create(UUID.randomUUID(), caller.name(), now);
    save.create(schedule, caller.admin() ? -1 : scheduleProperties.maxPerOwner());
    audit.record("schedule_created", schedule.id().toString(), detail(schedule));
    return ResponseEntity.created(URI.create("/api/v1/schedules/" + schedule.id()))
        .body(ScheduleView.of(schedule, null));
  }

  @GetMapping({"", "/"})
  @Operation(
      operationId = "listSchedules",
      summary = "List schedules",
      description = "The caller's schedules (every user's for an admin), newest first.")
  @ProblemResponses({400, 401})
  Page<ScheduleView> list(
      @Parameter(
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
          @RequestParam(defaultValue = "100")
          String limit,
      @Parameter(schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
          @RequestParam(defaultValue = "0")
          String offset) {
    PageParameters page = PageParameters.parse(limit, offset, properties.maxPageSize());
    String owner = Caller.current().ownerFilter();
    List<Schedule> found = schedules.list(owner, page.limit(), page.offset());
    Map<UUID, ScheduleRun> last = runs.lastOf(found.stream().map(Schedule::id).toList());
    List<ScheduleView> items =
        found.stream().map(s -> ScheduleView.of(s, last.get(s.id()))).toList();
    return new Page<>(items, schedules.count(owner), page.limit(), page.offset());
  }

  @GetMapping({"/next-fire-times", "/next-fire-times/"})
  @Operation(
      operationId = "nextFireTimes",
      summary = "The next fire times of a cron",
      description = "For a form to show when a cron would fire, before the schedule is saved.")
  @ProblemResponses({400, 401})
  NextFireTimes nextFireTimes(
      @Parameter(
              description = "5 fields or a macro, as a schedule's cron",
              schema = @Schema(type = "string", example = "0 2 * * *"))
          @RequestParam(required = false)
          String cron,
      @Parameter(schema = @Schema(type = "string", defaultValue = "UTC"))
          @RequestParam(defaultValue = "UTC")
          String timezone,
      @Parameter(
              schema = @Schema(type = "integer", minimum = "1", maximum = "20", defaultValue = "5"))
          @RequestParam(defaultValue = "5")
          String count,
      @Parameter(
              description = "the fire times after this instant (default: now)",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String after) {
    List<FieldError> errors = new ArrayList<>();
    Instant from =
        after == null ? clock.instant() : ScheduleRequestParser.timestamp(after, "after", errors);
    ZoneId zone = null;
    if (ZoneId.getAvailableZoneIds().contains(timezone)) {
      zone = ZoneId.of(timezone);
    } else {
      errors.add(
          new FieldError("timezone", "must be an IANA time zone id such as UTC or Europe/Berlin"));
    }
    CronSchedule schedule = null;
    if (cron == null || cron.isBlank()) {
      errors.add(new FieldError("cron", "is required, e.g. 0 2 * * * or @daily"));
    } else {
      try {
        schedule = CronSchedule.parse(cron, zone == null ? ZoneId.of("UTC") : zone);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("cron", e.getMessage()));
      }
    }
    int n = 0;
    try {
      n = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      // reported below
    }
    if (n < 1 || n > MAX_FIRE_TIMES) {
      errors.add(new FieldError("count", "must be an integer from 1 to " + MAX_FIRE_TIMES));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new NextFireTimes(schedule.next(from, n).stream().map(Instant::toString).toList());
  }

  @GetMapping({"/{id}", "/{id}/"})
  @Operation(operationId = "getSchedule", summary = "A schedule")
  @ProblemResponses({401, 404})
  ScheduleView get(@PathVariable String id) {
    return view(find(id));
  }

  @PutMapping({"/{id}", "/{id}/"})
  @Operation(
      operationId = "replaceSchedule",
      summary = "Replace a schedule",
      description =
          "Replaces every setting (id, owner and created_at stay) and recomputes the next fire"
              + " time. An incremental schedule whose data types, processes, start_date or mode"
              + " change starts a new chain: its next run exports everything again.")
  @ProblemResponses({400, 401, 404, 409, 413, 415, 503})
  ScheduleView replace(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = ScheduleRequestBody.class)))
          @RequestBody
          JsonNode body) {
    Schedule existing = find(id);
    Instant now = now();
    ScheduleSettings settings = parser.parse(body, now, existing.owner());
    Schedule replaced = save.change(existing.id(), stored -> settings.replace(stored, now));
    audit.record("schedule_updated", replaced.id().toString(), detail(replaced));
    return view(replaced);
  }

  @DeleteMapping({"/{id}", "/{id}/"})
  @Operation(
      operationId = "deleteSchedule",
      summary = "Delete a schedule",
      description = "Its runs go; the exports they made stay.")
  @ProblemResponses({401, 404})
  DeletedSchedule delete(@PathVariable String id) {
    Schedule existing = find(id);
    if (!schedules.delete(existing.id())) {
      throw new NotFoundException("schedule " + id + " not found");
    }
    audit.record("schedule_deleted", existing.id().toString(), detail(existing));
    return new DeletedSchedule(existing.id().toString(), true);
  }

  @PostMapping({"/{id}/pause", "/{id}/pause/"})
  @Operation(
      operationId = "pauseSchedule",
      summary = "Pause a schedule",
      description = "It stops firing (next_run_at null); runs under way go on.")
  @ProblemResponses({401, 404})
  ScheduleView pause(@PathVariable String id) {
    Schedule existing = find(id);
    Instant now = now();
    Schedule paused = save.change(existing.id(), s -> s.withEnabled(false, null, now));
    audit.record("schedule_paused", paused.id().toString(), detail(paused));
    return view(paused);
  }

  @PostMapping({"/{id}/resume", "/{id}/resume/"})
  @Operation(
      operationId = "resumeSchedule",
      summary = "Resume a schedule",
      description = "It fires next at the first cron time after now; missed ones are not run.")
  @ProblemResponses({401, 404})
  ScheduleView resume(@PathVariable String id) {
    Schedule existing = find(id);
    Instant now = now();
    Schedule resumed =
        save.change(
            existing.id(),
            // resuming a schedule that runs changes nothing (its due fire time stays due)
            s -> s.enabled() ? s : s.withEnabled(true, s.cronSchedule().next(now), now));
    audit.record("schedule_resumed", resumed.id().toString(), detail(resumed));
    return view(resumed);
  }

  @PostMapping({"/{id}/run", "/{id}/run/"})
  @Operation(
      operationId = "runSchedule",
      summary = "Run a schedule now",
      description =
          "Makes a manual run and its export at once (window mode: the window ending now less the"
              + " lag; incremental: what became visible since the last completed run). 409 for an"
              + " incremental schedule with a run waiting or unfinished.")
  @ApiResponse(responseCode = "200", description = "The run and its export were created")
  @ProblemResponses({401, 404, 409})
  StartedRun run(@PathVariable String id) {
    Schedule schedule = find(id);
    AddScheduleRuns.Started started = addRuns.runNow(schedule.id());
    audit.record(
        "schedule_run",
        schedule.id().toString(),
        "run " + started.runId() + ", export " + started.exportId());
    return new StartedRun(started.exportId().toString(), started.runId());
  }

  @PostMapping({"/{id}/backfill", "/{id}/backfill/"})
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "backfillSchedule",
      summary = "Backfill past windows",
      description =
          "Window schedules only (409 otherwise): a backfill run for every window inside the"
              + " range that has no run completed or under way, at most"
              + " exporter.schedules.max-backfill-runs windows (400 beyond). They start"
              + " exporter.schedules.backfill-concurrency at a time.")
  @ApiResponse(responseCode = "202", description = "The runs were added")
  @ProblemResponses({400, 401, 404, 409, 413, 415})
  BackfillStarted backfill(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = BackfillRequestBody.class)))
          @RequestBody
          JsonNode body) {
    Schedule schedule = find(id);
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("body", "must be an object with start_date and end_date");
    }
    for (String field : body.propertyNames()) {
      if (!field.equals("start_date") && !field.equals("end_date")) {
        errors.add(new FieldError(field, "is not a backfill field; known: start_date, end_date"));
      }
    }
    Instant from = ScheduleRequestParser.timestamp(body.get("start_date"), "start_date", errors);
    Instant to = ScheduleRequestParser.timestamp(body.get("end_date"), "end_date", errors);
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(new FieldError("end_date", "must be after start_date"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    // windows that have not ended yet are the cron's to run
    Instant now = clock.instant();
    List<Long> added = addRuns.backfill(schedule.id(), from, to.isAfter(now) ? now : to);
    audit.record(
        "schedule_backfill",
        schedule.id().toString(),
        added.size() + " runs for " + from + " to " + to);
    return new BackfillStarted(added.size(), added);
  }

  @GetMapping({"/{id}/runs", "/{id}/runs/"})
  @Operation(
      operationId = "listScheduleRuns",
      summary = "A schedule's runs",
      description = "Newest first, each with its window or visibility cut and its status.")
  @ProblemResponses({400, 401, 404})
  Page<ScheduleRunView> runs(
      @PathVariable String id,
      @Parameter(
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
          @RequestParam(defaultValue = "100")
          String limit,
      @Parameter(schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
          @RequestParam(defaultValue = "0")
          String offset) {
    Schedule schedule = find(id);
    PageParameters page = PageParameters.parse(limit, offset, properties.maxPageSize());
    List<ScheduleRunView> items =
        runs.list(schedule.id(), page.limit(), page.offset()).stream()
            .map(ScheduleRunView::of)
            .toList();
    return new Page<>(items, runs.count(schedule.id()), page.limit(), page.offset());
  }

  /** The schedule, or 404; asking for someone else's is audited as access_denied_not_owner. */
  private Schedule find(String id) {
    return audit.findOwned("schedule", id, schedules::find, Schedule::owner);
  }

  private ScheduleView view(Schedule schedule) {
    return ScheduleView.of(schedule, runs.last(schedule.id()).orElse(null));
  }

  /** Now, at the database's precision, so an answer shows what is stored. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** The name and owner, the name shortened: audit entries stay small. */
  private static String detail(Schedule s) {
    String name = s.name().length() <= 100 ? s.name() : s.name().substring(0, 100) + "…";
    return "name " + name + " of " + s.owner() + ", " + s.mode().wire() + ", cron " + s.cron();
  }
}

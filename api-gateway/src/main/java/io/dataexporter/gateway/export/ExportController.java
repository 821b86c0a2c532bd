package io.dataexporter.gateway.export;

import io.dataexporter.cleanup.RemoveExports;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.gateway.web.Page;
import io.dataexporter.gateway.web.PageParameters;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStats;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.webhook.WebhookDeliveryRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The export API; every route also answers with a trailing slash, as the original clients call it.
 */
@RestController
@RequestMapping("/api/v1/export")
@Tag(name = "exports")
class ExportController {
  private final CreateExport createExport;
  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final ControlExport control;
  private final ExportAccess access;
  private final AuditTrail audit;
  private final RemoveExports removeExports;
  private final GatewayProperties properties;
  private final WebhookDeliveryRepository deliveries;
  private final ScheduleRunRepository runs;

  ExportController(
      CreateExport createExport,
      ExportJobRepository jobs,
      ShardRepository shards,
      ControlExport control,
      ExportAccess access,
      AuditTrail audit,
      RemoveExports removeExports,
      GatewayProperties properties,
      WebhookDeliveryRepository deliveries,
      ScheduleRunRepository runs) {
    this.createExport = createExport;
    this.jobs = jobs;
    this.shards = shards;
    this.control = control;
    this.access = access;
    this.audit = audit;
    this.removeExports = removeExports;
    this.properties = properties;
    this.deliveries = deliveries;
    this.runs = runs;
  }

  @PostMapping({"", "/"})
  @Operation(
      operationId = "createExport",
      summary = "Start an export",
      description =
          "Validates the request, stores the export and queues it; answers with the pending export.")
  @ProblemResponses({400, 401, 413, 415, 429, 503})
  CreatedExport create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = ExportRequestBody.class)))
          @RequestBody
          JsonNode body) {
    return CreatedExport.of(createExport.create(body));
  }

  @GetMapping({"", "/"})
  @Operation(
      operationId = "listExports",
      summary = "List exports",
      description = "The caller's exports (every user's for an admin), newest first.")
  @ProblemResponses({400, 401})
  Page<ExportView> list(
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
    List<ExportJob> jobsOnPage = jobs.list(owner, page.limit(), page.offset());
    Map<UUID, ScheduleRunRepository.ExportLink> links =
        runs.linksOf(jobsOnPage.stream().map(ExportJob::id).toList());
    List<ExportView> items =
        jobsOnPage.stream()
            .map(job -> ExportView.of(job).withSchedule(links.get(job.id())))
            .toList();
    return new Page<>(items, jobs.count(owner), page.limit(), page.offset());
  }

  @GetMapping({"/{id}/status", "/{id}/status/"})
  @Operation(operationId = "getExport", summary = "An export's status")
  @ProblemResponses({401, 404})
  ExportView status(@PathVariable String id) {
    return view(find(id));
  }

  @GetMapping({"/{id}/webhooks", "/{id}/webhooks/"})
  @Operation(
      operationId = "listExportWebhooks",
      summary = "An export's webhook deliveries",
      description =
          "One delivery per time the export entered completed, failed or cancelled, oldest first,"
              + " each with every attempt made so far.")
  @ProblemResponses({401, 404})
  WebhookDeliveriesView webhooks(@PathVariable String id) {
    return WebhookDeliveriesView.of(deliveries.ofExport(find(id).id()));
  }

  @PostMapping({"/{id}/cancel", "/{id}/cancel/"})
  @Operation(
      operationId = "cancelExport",
      summary = "Cancel an export",
      description = "Pending, running or finalizing exports only; its files are removed.")
  @ProblemResponses({401, 404, 409})
  ExportView cancel(@PathVariable String id) {
    ExportJob job = control.cancel(access.find(id).id());
    audit.record("export_cancelled", id, null);
    return view(job);
  }

  @PostMapping({"/{id}/retry", "/{id}/retry/"})
  @Operation(
      operationId = "retryExport",
      summary = "Retry a failed export",
      description =
          "Runs its unfinished shards again; completed shards are kept. A run of an incremental"
              + " schedule is 409 once a later run of its schedule has started.")
  @ProblemResponses({401, 404, 409, 503})
  ExportView retry(@PathVariable String id) {
    ExportJob job = control.retry(access.find(id).id());
    audit.record("export_retried", id, null);
    return view(job);
  }

  @DeleteMapping({"/{id}", "/{id}/"})
  @Operation(
      operationId = "deleteExport",
      summary = "Delete an export and its files",
      description = "A running export is cancelled first.")
  @ProblemResponses({401, 404})
  DeletedExport delete(@PathVariable String id) {
    UUID exportId = access.find(id).id();
    long freed = removeExports.remove(exportId);
    audit.record("export_deleted", id, "freed " + freed + " bytes");
    if (freed < 0) {
      throw new NotFoundException("export " + id + " not found");
    }
    return new DeletedExport(id, true, freed);
  }

  @PostMapping({"/cleanup", "/cleanup/"})
  @Operation(
      operationId = "cleanupExports",
      summary = "Remove exports older than the retention (admin)",
      description = "Every user's exports created before now minus exporter.gateway.retention.")
  @ProblemResponses({401, 403})
  CleanupReport cleanup() {
    RemoveExports.CleanupResult result = removeExports.olderThan(properties.retention());
    audit.record(
        "cleanup",
        null,
        result.deletedExports()
            + " exports, "
            + result.freedBytes()
            + " bytes: "
            + result.exportIds());
    return new CleanupReport(
        result.deletedExports(),
        result.freedBytes(),
        result.exportIds(),
        result.cutoff().toString(),
        properties.retention().toHours() / 24.0);
  }

  @GetMapping({"/stats", "/stats/"})
  @Operation(operationId = "exportStats", summary = "Totals over all exports (admin)")
  @ProblemResponses({401, 403})
  ExportStatsView stats() {
    ExportStats stats = jobs.stats();
    return new ExportStatsView(
        stats.totalExports(),
        stats.totalSize(),
        ExportView.text(stats.oldestExport()),
        ExportView.text(stats.newestExport()),
        stats.byStatus());
  }

  /** The status of one export: validation so far, and the schedule run it belongs to. */
  private ExportView view(ExportJob job) {
    return ExportView.of(job, shards.listByExport(job.id()))
        .withSchedule(runs.linksOf(List.of(job.id())).get(job.id()));
  }

  private ExportJob find(String id) {
    return access.find(id);
  }
}

package io.dataexporter.gateway.export;

import io.dataexporter.cleanup.RemoveExports;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.gateway.web.PageParameters;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStats;
import io.dataexporter.job.ShardRepository;
import java.util.LinkedHashMap;
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
class ExportController {
  private final CreateExport createExport;
  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final ControlExport control;
  private final ExportAccess access;
  private final AuditTrail audit;
  private final RemoveExports removeExports;
  private final GatewayProperties properties;

  ExportController(
      CreateExport createExport,
      ExportJobRepository jobs,
      ShardRepository shards,
      ControlExport control,
      ExportAccess access,
      AuditTrail audit,
      RemoveExports removeExports,
      GatewayProperties properties) {
    this.createExport = createExport;
    this.jobs = jobs;
    this.shards = shards;
    this.control = control;
    this.access = access;
    this.audit = audit;
    this.removeExports = removeExports;
    this.properties = properties;
  }

  @PostMapping({"", "/"})
  Map<String, Object> create(@RequestBody JsonNode body) {
    return ExportView.created(createExport.create(body));
  }

  @GetMapping({"", "/"})
  Map<String, Object> list(
      @RequestParam(defaultValue = "100") String limit,
      @RequestParam(defaultValue = "0") String offset) {
    PageParameters page = PageParameters.parse(limit, offset, properties.maxPageSize());
    int pageSize = page.limit();
    int skip = page.offset();
    String owner = Caller.current().ownerFilter();
    List<Map<String, Object>> items =
        jobs.list(owner, pageSize, skip).stream().map(ExportView::of).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("total", jobs.count(owner));
    body.put("limit", pageSize);
    body.put("offset", skip);
    return body;
  }

  @GetMapping({"/{id}/status", "/{id}/status/"})
  Map<String, Object> status(@PathVariable String id) {
    ExportJob job = find(id);
    return ExportView.of(job, shards.listByExport(job.id()));
  }

  @PostMapping({"/{id}/cancel", "/{id}/cancel/"})
  Map<String, Object> cancel(@PathVariable String id) {
    ExportJob job = control.cancel(access.find(id).id());
    audit.record("export_cancelled", id, null);
    return ExportView.of(job, shards.listByExport(job.id()));
  }

  @PostMapping({"/{id}/retry", "/{id}/retry/"})
  Map<String, Object> retry(@PathVariable String id) {
    ExportJob job = control.retry(access.find(id).id());
    audit.record("export_retried", id, null);
    return ExportView.of(job, shards.listByExport(job.id()));
  }

  @DeleteMapping({"/{id}", "/{id}/"})
  Map<String, Object> delete(@PathVariable String id) {
    UUID exportId = access.find(id).id();
    long freed = removeExports.remove(exportId);
    audit.record("export_deleted", id, "freed " + freed + " bytes");
    if (freed < 0) {
      throw new NotFoundException("export " + id + " not found");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("export_id", id);
    result.put("deleted", true);
    result.put("freed_bytes", freed);
    return result;
  }

  @PostMapping({"/cleanup", "/cleanup/"})
  Map<String, Object> cleanup() {
    RemoveExports.CleanupResult result = removeExports.olderThan(properties.retention());
    audit.record(
        "cleanup",
        null,
        result.deletedExports()
            + " exports, "
            + result.freedBytes()
            + " bytes: "
            + result.exportIds());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deleted_exports", result.deletedExports());
    body.put("freed_bytes", result.freedBytes());
    body.put("export_ids", result.exportIds());
    body.put("older_than", result.cutoff().toString());
    body.put("retention_days", properties.retention().toHours() / 24.0);
    return body;
  }

  @GetMapping({"/stats", "/stats/"})
  Map<String, Object> stats() {
    ExportStats stats = jobs.stats();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_exports", stats.totalExports());
    body.put("total_size", stats.totalSize());
    body.put("oldest_export", ExportView.text(stats.oldestExport()));
    body.put("newest_export", ExportView.text(stats.newestExport()));
    body.put("by_status", stats.byStatus());
    return body;
  }

  private ExportJob find(String id) {
    return access.find(id);
  }
}

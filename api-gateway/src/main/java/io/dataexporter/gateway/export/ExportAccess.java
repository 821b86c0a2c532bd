package io.dataexporter.gateway.export;

import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Finds an export for the current caller: another user's export answers 404, exactly as if it did
 * not exist, so ids cannot be probed.
 */
@Component
public class ExportAccess {
  private final ExportJobRepository jobs;
  private final AuditTrail audit;

  ExportAccess(ExportJobRepository jobs, AuditTrail audit) {
    this.jobs = jobs;
    this.audit = audit;
  }

  public ExportJob find(String id) {
    return find(ExportIds.parse(id));
  }

  /**
   * The export, or 404; asking for someone else's is audited as {@code access_denied_not_owner}.
   */
  public ExportJob find(UUID id) {
    Caller caller = Caller.current();
    ExportJob job =
        jobs.find(id).orElseThrow(() -> new NotFoundException("export " + id + " not found"));
    if (!caller.owns(job.createdBy())) {
      audit.record("access_denied_not_owner", id.toString(), "export");
      throw new NotFoundException("export " + id + " not found");
    }
    return job;
  }
}

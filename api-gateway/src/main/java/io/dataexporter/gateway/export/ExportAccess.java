package io.dataexporter.gateway.export;

import io.dataexporter.error.NotFoundException;
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

  ExportAccess(ExportJobRepository jobs) {
    this.jobs = jobs;
  }

  public ExportJob find(String id) {
    return find(ExportIds.parse(id));
  }

  public ExportJob find(UUID id) {
    Caller caller = Caller.current();
    return jobs.find(id)
        .filter(job -> caller.owns(job.createdBy()))
        .orElseThrow(() -> new NotFoundException("export " + id + " not found"));
  }
}

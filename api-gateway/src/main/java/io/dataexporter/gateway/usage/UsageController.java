package io.dataexporter.gateway.usage;

import io.dataexporter.error.FieldError;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.usage.ExportUsage;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/export/usage}: a user sees their own usage; an admin sees everyone's and may
 * narrow it to one user.
 */
@RestController
class UsageController {
  private final ExportUsage usage;
  private final AuditTrail audit;
  private final Clock clock;

  UsageController(ExportUsage usage, AuditTrail audit, Clock clock) {
    this.usage = usage;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping({"/api/v1/export/usage", "/api/v1/export/usage/"})
  ResponseEntity<?> usage(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String bucket,
      @RequestParam(required = false) String user) {
    UsageQuery query = UsageQuery.parse(from, to, bucket, user, clock);
    Caller caller = Caller.current();
    if (!caller.admin()) {
      if (user != null && !user.equals(caller.name())) {
        audit.record("access_denied", "usage", "user " + user);
        return forbidden();
      }
      query = query.forUser(caller.name());
    }
    return ResponseEntity.ok(
        UsageReport.of(query, usage.read(query.from(), query.to(), query.bucket(), query.user())));
  }

  private static ResponseEntity<ProblemDetail> forbidden() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN, "only an admin may ask for another user's usage");
    problem.setTitle("Forbidden");
    problem.setProperty(
        "errors", List.of(new FieldError("user", "must be your own name or left out")));
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}

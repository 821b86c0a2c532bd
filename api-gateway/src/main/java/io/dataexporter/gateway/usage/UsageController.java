package io.dataexporter.gateway.usage;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.ForbiddenException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/export/usage}: a user sees their own usage; an admin sees everyone's and may
 * narrow it to one user.
 */
@RestController
@Tag(name = "usage")
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
  @Operation(
      operationId = "usage",
      summary = "Usage over time per user and data type",
      description =
          "Exports, records, bytes and durations per period, user and data type, with totals. A"
              + " user sees their own usage; an admin everyone's, or one user's with `user`.")
  @ProblemResponses({400, 401, 403})
  UsageReport usage(
      @Parameter(
              description = "First day (UTC, `YYYY-MM-DD`), included; default 29 days before `to`")
          @RequestParam(required = false)
          String from,
      @Parameter(
              description =
                  "Last day (UTC, `YYYY-MM-DD`), included; default today. The range spans at most 400 days")
          @RequestParam(required = false)
          String to,
      @Parameter(description = "`day` (default), `week` (from Monday) or `month`")
          @RequestParam(required = false)
          String bucket,
      @Parameter(description = "Only this user's usage (admins; a user may name only themselves)")
          @RequestParam(required = false)
          String user) {
    UsageQuery query = UsageQuery.parse(from, to, bucket, user, clock);
    Caller caller = Caller.current();
    if (!caller.admin()) {
      if (user != null && !user.equals(caller.name())) {
        audit.record("access_denied", "usage", "user " + user);
        throw new ForbiddenException(
            "only an admin may ask for another user's usage",
            List.of(new FieldError("user", "must be your own name or left out")));
      }
      query = query.forUser(caller.name());
    }
    return UsageReport.of(
        query, usage.read(query.from(), query.to(), query.bucket(), query.user()));
  }
}

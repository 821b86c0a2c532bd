package io.dataexporter.gateway.auth;

import io.dataexporter.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Records an action of the current caller, with the address it came from. */
@Component
public class AuditTrail {
  private final AuditLog log;
  private final Clock clock;

  AuditTrail(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  public void record(String action, String target, String detail) {
    record(Caller.current().name(), action, target, detail);
  }

  public void record(String actor, String action, String target, String detail) {
    log.record(actor, action, target, detail, remoteAddress(), clock.instant());
  }

  private static String remoteAddress() {
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      return request.getRemoteAddr();
    }
    return null;
  }
}

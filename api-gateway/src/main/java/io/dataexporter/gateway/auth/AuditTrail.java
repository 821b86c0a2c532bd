package io.dataexporter.gateway.auth;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.error.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Records an action of the current caller, with the address it came from. */
@Component
public class AuditTrail {
  private static final Logger logger = LoggerFactory.getLogger(AuditTrail.class);
  private final AuditLog log;
  private final Clock clock;

  AuditTrail(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  public void record(String action, String target, String detail) {
    record(Caller.current().name(), action, target, detail);
  }

  /**
   * Stores the event and logs it as one line; an event about an export carries its id as {@code
   * export_id}.
   */
  public void record(String actor, String action, String target, String detail) {
    log.record(actor, action, target, detail, remoteAddress(), clock.instant());
    boolean aboutExport = action.startsWith("export_") || action.startsWith("download_");
    try (MDC.MDCCloseable id = aboutExport ? MDC.putCloseable("export_id", target) : null) {
      logger.info("{} by {}{}", action, actor, detail == null ? "" : ": " + detail);
    }
  }

  /**
   * A resource its caller owns (an admin owns all), or 404: a malformed id, a missing resource and
   * someone else's answer alike, and asking for someone else's is audited as {@code
   * access_denied_not_owner}.
   *
   * @param kind the resource's name in messages and the audit entry ({@code key}, {@code schedule})
   */
  public <T> T findOwned(
      String kind, String id, Function<UUID, Optional<T>> lookup, Function<T, String> owner) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException(kind + " " + id + " not found");
    }
    T found =
        lookup.apply(uuid).orElseThrow(() -> new NotFoundException(kind + " " + id + " not found"));
    if (!Caller.current().owns(owner.apply(found))) {
      record("access_denied_not_owner", uuid.toString(), kind);
      throw new NotFoundException(kind + " " + id + " not found");
    }
    return found;
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

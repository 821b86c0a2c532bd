package io.dataexporter.gateway.admin;

import io.dataexporter.audit.AuditEvent;
import io.dataexporter.audit.AuditLog;
import io.dataexporter.auth.ApiToken;
import io.dataexporter.auth.TokenRepository;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.job.StorableText;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Admin routes: API tokens and the audit trail (admin tokens only, see SecurityConfiguration). */
@RestController
class AdminController {
  private final TokenRepository tokens;
  private final AuditLog auditLog;
  private final AuditTrail audit;
  private final Clock clock;

  AdminController(TokenRepository tokens, AuditLog auditLog, AuditTrail audit, Clock clock) {
    this.tokens = tokens;
    this.auditLog = auditLog;
    this.audit = audit;
    this.clock = clock;
  }

  /** Creates a token; the token text is in this response only and never stored. */
  @PostMapping({"/api/v1/admin/tokens", "/api/v1/admin/tokens/"})
  ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object with name and role");
    }
    JsonNode name = body.get("name");
    if (name == null
        || !name.isString()
        || name.stringValue().isBlank()
        || name.stringValue().length() > 100) {
      errors.add(new FieldError("name", "must be a non-blank string of at most 100 characters"));
    } else {
      StorableText.check("name", name.stringValue(), errors);
    }
    JsonNode role = body.get("role");
    String roleName =
        role == null || role.isNull() ? ApiToken.USER : role.isString() ? role.stringValue() : "";
    if (!roleName.equals(ApiToken.USER) && !roleName.equals(ApiToken.ADMIN)) {
      errors.add(new FieldError("role", "must be user or admin"));
    }
    Instant expiresAt = null;
    JsonNode expires = body.get("expires_at");
    if (expires != null && !expires.isNull()) {
      try {
        expiresAt =
            OffsetDateTime.parse(expires.isString() ? expires.stringValue() : "").toInstant();
      } catch (DateTimeParseException e) {
        errors.add(new FieldError("expires_at", "must be an ISO-8601 date-time with offset"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    TokenRepository.Issued issued =
        tokens.issue(
            name.stringValue().strip(),
            roleName,
            expiresAt,
            Caller.current().name(),
            clock.instant());
    audit.record(
        "token_created",
        issued.stored().id().toString(),
        "for " + issued.stored().name() + " as " + roleName);
    Map<String, Object> view = view(issued.stored());
    view.put("token", issued.token());
    return ResponseEntity.status(HttpStatus.CREATED).body(view);
  }

  @GetMapping({"/api/v1/admin/tokens", "/api/v1/admin/tokens/"})
  Map<String, Object> list() {
    List<Map<String, Object>> items = tokens.list().stream().map(AdminController::view).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("total", items.size());
    return body;
  }

  @DeleteMapping({"/api/v1/admin/tokens/{id}", "/api/v1/admin/tokens/{id}/"})
  Map<String, Object> revoke(@PathVariable String id) {
    UUID tokenId;
    try {
      tokenId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("token " + id + " not found");
    }
    if (!tokens.revoke(tokenId, clock.instant())) {
      throw new NotFoundException("token " + id + " not found or already revoked");
    }
    audit.record("token_revoked", id, null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("revoked", true);
    return body;
  }

  @GetMapping({"/api/v1/admin/audit", "/api/v1/admin/audit/"})
  Map<String, Object> audit(
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidRequestException("limit", "must be an integer from 1 to 1000");
    }
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must not be negative");
    }
    List<FieldError> errors = new ArrayList<>();
    StorableText.check("actor", actor, errors);
    StorableText.check("action", action, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    List<Map<String, Object>> items =
        auditLog.find(actor, action, limit, offset).stream().map(AdminController::view).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("total", auditLog.count(actor, action));
    body.put("limit", limit);
    body.put("offset", offset);
    return body;
  }

  private static Map<String, Object> view(ApiToken t) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", t.id().toString());
    view.put("name", t.name());
    view.put("role", t.role());
    view.put("created_at", t.createdAt().toString());
    view.put("created_by", t.createdBy());
    view.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
    view.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
    return view;
  }

  private static Map<String, Object> view(AuditEvent e) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", e.id());
    view.put("at", e.at().toString());
    view.put("actor", e.actor());
    view.put("action", e.action());
    view.put("target", e.target());
    view.put("detail", e.detail());
    view.put("remote_addr", e.remoteAddr());
    return view;
  }
}

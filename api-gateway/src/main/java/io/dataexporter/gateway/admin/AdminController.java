package io.dataexporter.gateway.admin;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.ApiToken;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.auth.TokenRepository;
import io.dataexporter.gateway.web.Page;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.job.StorableText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
@Tag(name = "admin")
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
  @Operation(operationId = "createToken", summary = "Create an API token (admin)")
  @ApiResponse(responseCode = "201", description = "Created; the token text is in this answer only")
  @ProblemResponses({400, 401, 403, 413, 415})
  ResponseEntity<CreatedToken> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = TokenRequest.class)))
          @RequestBody
          JsonNode body) {
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
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new CreatedToken(TokenView.of(issued.stored()), issued.token()));
  }

  @GetMapping({"/api/v1/admin/tokens", "/api/v1/admin/tokens/"})
  @Operation(operationId = "listTokens", summary = "List API tokens (admin)")
  @ProblemResponses({401, 403})
  TokenList list() {
    List<TokenView> items = tokens.list().stream().map(TokenView::of).toList();
    return new TokenList(items, items.size());
  }

  @DeleteMapping({"/api/v1/admin/tokens/{id}", "/api/v1/admin/tokens/{id}/"})
  @Operation(operationId = "revokeToken", summary = "Revoke an API token (admin)")
  @ProblemResponses({401, 403, 404})
  RevokedToken revoke(@PathVariable String id) {
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
    return new RevokedToken(id, true);
  }

  @GetMapping({"/api/v1/admin/audit", "/api/v1/admin/audit/"})
  @Operation(
      operationId = "listAudit",
      summary = "The audit trail (admin)",
      description = "Newest first; optionally only one actor's or one action's entries.")
  @ProblemResponses({400, 401, 403})
  Page<AuditEntry> audit(
      @Parameter(schema = @Schema(minimum = "1", maximum = "1000", defaultValue = "100"))
          @RequestParam(defaultValue = "100")
          int limit,
      @Parameter(schema = @Schema(minimum = "0", defaultValue = "0"))
          @RequestParam(defaultValue = "0")
          int offset,
      @Parameter(description = "only this actor's entries") @RequestParam(required = false)
          String actor,
      @Parameter(description = "only this action's entries, e.g. export_created")
          @RequestParam(required = false)
          String action) {
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
    List<AuditEntry> items =
        auditLog.find(actor, action, limit, offset).stream().map(AuditEntry::of).toList();
    return new Page<>(items, auditLog.count(actor, action), limit, offset);
  }
}

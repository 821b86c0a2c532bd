package io.dataexporter.gateway.template;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.gateway.export.CreateExport;
import io.dataexporter.gateway.export.CreatedExport;
import io.dataexporter.gateway.export.ExportRequestParser;
import io.dataexporter.gateway.web.Page;
import io.dataexporter.gateway.web.PageParameters;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.StorableText;
import io.dataexporter.webhook.WebhookTarget;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Saved export configurations: {@code /api/v1/export/templates}. A template's config is validated
 * exactly like an export request; running one creates an export, optionally with another range.
 */
@RestController
@RequestMapping("/api/v1/export/templates")
@Tag(name = "templates")
class TemplateController {
  private static final int MAX_NAME = 200;
  private final TemplateRepository templates;
  private final ExportRequestParser parser;
  private final CreateExport createExport;
  private final ExportConfigCodec codec;
  private final GatewayProperties properties;
  private final AuditTrail audit;
  private final Clock clock;

  TemplateController(
      TemplateRepository templates,
      ExportRequestParser parser,
      CreateExport createExport,
      GatewayProperties properties,
      AuditTrail audit,
      Clock clock) {
    this.templates = templates;
    this.parser = parser;
    this.createExport = createExport;
    this.codec = new ExportConfigCodec(JsonMapper.builder().build());
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
  }

  /** A page of the caller's templates (all of them for admins), by name. */
  @GetMapping({"", "/"})
  @Operation(operationId = "listTemplates", summary = "List templates")
  @ProblemResponses({400, 401})
  Page<TemplateView> list(
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
    List<TemplateView> items =
        templates.list(owner, page.limit(), page.offset()).stream().map(TemplateView::of).toList();
    return new Page<>(items, templates.count(owner), page.limit(), page.offset());
  }

  /** Saves a template: 201, or 409 for a taken name or an owner at the template limit. */
  @PostMapping({"", "/"})
  @Operation(operationId = "createTemplate", summary = "Save a template")
  @ApiResponse(responseCode = "201", description = "Saved; Location names it")
  @ProblemResponses({400, 401, 409, 413, 415, 503})
  ResponseEntity<TemplateView> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = TemplateBody.class)))
          @RequestBody
          JsonNode body) {
    ExportTemplate template = read(body, UUID.randomUUID(), null);
    templates.insertWithin(template, properties.maxTemplatesPerOwner());
    audit.record("template_created", template.id().toString(), auditDetail(template));
    return ResponseEntity.created(URI.create("/api/v1/export/templates/" + template.id()))
        .body(TemplateView.of(template));
  }

  @GetMapping({"/{id}", "/{id}/"})
  @Operation(operationId = "getTemplate", summary = "A template")
  @ProblemResponses({401, 404})
  TemplateView get(@PathVariable String id) {
    return TemplateView.of(find(id));
  }

  @PutMapping({"/{id}", "/{id}/"})
  @Operation(operationId = "replaceTemplate", summary = "Replace a template")
  @ProblemResponses({400, 401, 404, 409, 413, 415, 503})
  TemplateView replace(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = TemplateBody.class)))
          @RequestBody
          JsonNode body) {
    ExportTemplate existing = find(id);
    ExportTemplate updated = read(body, existing.id(), existing);
    templates.update(updated);
    audit.record("template_replaced", updated.id().toString(), auditDetail(updated));
    return TemplateView.of(updated);
  }

  @DeleteMapping({"/{id}", "/{id}/"})
  @Operation(operationId = "deleteTemplate", summary = "Delete a template")
  @ProblemResponses({401, 404})
  DeletedTemplate delete(@PathVariable String id) {
    ExportTemplate existing = find(id);
    templates.delete(existing.id());
    audit.record("template_deleted", existing.id().toString(), auditDetail(existing));
    return new DeletedTemplate(existing.id().toString(), true);
  }

  /** Runs the template; a body may override {@code start_date} and {@code end_date}. */
  @PostMapping({"/{id}/run", "/{id}/run/"})
  @Operation(
      operationId = "runTemplate",
      summary = "Start an export from a template",
      description = "A body may override start_date and end_date; any other field is a 400.")
  @ProblemResponses({400, 401, 404, 413, 415, 429, 503})
  CreatedExport run(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = RunOverrides.class)))
          @RequestBody(required = false)
          JsonNode overrides) {
    ExportTemplate template = find(id);
    ObjectNode request = codec.toJson(template.config());
    if (overrides != null && !overrides.isNull()) {
      if (!overrides.isObject()) {
        throw new InvalidRequestException(
            "body", "must be an object with start_date and/or end_date");
      }
      List<FieldError> unknown = new ArrayList<>();
      for (String field : overrides.propertyNames()) {
        if (field.equals("start_date") || field.equals("end_date")) {
          request.set(field, overrides.get(field));
        } else {
          unknown.add(
              new FieldError(
                  field,
                  "cannot be overridden when running a template; only start_date and end_date"));
        }
      }
      if (!unknown.isEmpty()) {
        throw new InvalidRequestException(unknown);
      }
    }
    ExportRequest parsed = parser.parse(request);
    return CreatedExport.of(createExport.create(parsed, template.webhook()))
        .fromTemplate(template.id().toString());
  }

  private ExportTemplate read(JsonNode body, UUID id, ExportTemplate existing) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object with name and config");
    }
    JsonNode name = body.get("name");
    if (name == null
        || !name.isString()
        || name.stringValue().isBlank()
        || name.stringValue().length() > MAX_NAME) {
      errors.add(
          new FieldError(
              "name", "must be a non-blank string of at most " + MAX_NAME + " characters"));
    }
    if (name != null && name.isString()) {
      StorableText.check("name", name.stringValue(), errors);
    }
    JsonNode description = body.get("description");
    if (description != null && !description.isNull() && !description.isString()) {
      errors.add(new FieldError("description", "must be a string"));
    } else if (description != null && description.isString()) {
      StorableText.check("description", description.stringValue(), errors);
    }
    ExportRequest config = null;
    WebhookTarget webhook = null;
    try {
      // recipients of encryption are the owner's keys (an admin may replace another's template)
      ExportRequestParser.Submission submission =
          parser.parseSubmission(
              body.get("config"), existing == null ? Caller.current().name() : existing.owner());
      config = submission.request();
      webhook = submission.webhook();
    } catch (InvalidRequestException e) {
      e.errors()
          .forEach(
              err ->
                  errors.add(
                      new FieldError(
                          err.field().equals("body") ? "config" : "config." + err.field(),
                          err.message())));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return new ExportTemplate(
        id,
        name.stringValue().strip(),
        description == null || description.isNull() ? null : description.stringValue(),
        config,
        existing == null ? now : existing.createdAt(),
        now,
        existing == null ? Caller.current().name() : existing.owner(),
        webhook);
  }

  private ExportTemplate find(String id) {
    return audit.findOwned("template", id, templates::find, ExportTemplate::owner);
  }

  /** The name, shortened: audit entries stay small. */
  private static String auditDetail(ExportTemplate t) {
    String name = t.name().length() <= 100 ? t.name() : t.name().substring(0, 100) + "…";
    return "name " + name + " of " + t.owner();
  }
}

package io.dataexporter.gateway.keys;

import io.dataexporter.error.ConflictException;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.gateway.template.TemplateRepository;
import io.dataexporter.gateway.web.Page;
import io.dataexporter.gateway.web.PageParameters;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.StorableText;
import io.dataexporter.keys.OpenPgpKeys;
import io.dataexporter.keys.PublicKey;
import io.dataexporter.keys.PublicKeyRepository;
import io.dataexporter.keys.UnusableKeyException;
import io.dataexporter.schedule.ScheduleRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenPGP public keys that exports are encrypted to: {@code /api/v1/keys}. Owned like exports: a
 * user sees and deletes their own, an admin everyone's. The service only ever holds public keys.
 */
@RestController
@RequestMapping("/api/v1/keys")
@Tag(name = "keys")
class KeyController {
  private static final int MAX_NAME = 200;
  private static final String PGP_KEYS = "application/pgp-keys";

  private final PublicKeyRepository keys;
  private final TemplateRepository templates;
  private final ScheduleRepository schedules;
  private final GatewayProperties properties;
  private final AuditTrail audit;
  private final Clock clock;
  private final int maxPerOwner;
  private final JsonMapper mapper = JsonMapper.builder().build();

  KeyController(
      PublicKeyRepository keys,
      TemplateRepository templates,
      ScheduleRepository schedules,
      GatewayProperties properties,
      AuditTrail audit,
      Clock clock,
      @Value("${exporter.keys.max-per-owner:100}") int maxPerOwner) {
    this.keys = keys;
    this.templates = templates;
    this.schedules = schedules;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
    this.maxPerOwner = maxPerOwner;
  }

  /** Stores a public key: 201, 400 for an unusable key, 409 for a duplicate or a full keyring. */
  @PostMapping(
      value = {"", "/"},
      consumes = {MediaType.APPLICATION_JSON_VALUE, PGP_KEYS, MediaType.TEXT_PLAIN_VALUE})
  @Operation(
      operationId = "createKey",
      summary = "Upload a public key",
      description =
          "JSON {\"public_key\": \"<ASCII armor>\", \"name\": \"label\"}, or the armored key itself"
              + " as application/pgp-keys or text/plain (then ?name= labels it). The key must have"
              + " a usable encryption key: not expired, not revoked; a private key, several keys or"
              + " anything but a public key is a 400 at public_key. 409 for a fingerprint the"
              + " caller already has, or a caller at exporter.keys.max-per-owner keys.")
  @ApiResponse(responseCode = "201", description = "Stored; Location names it")
  @ProblemResponses({400, 401, 409, 413, 415})
  ResponseEntity<KeyView> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = {
                @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = KeyBody.class)),
                @Content(mediaType = PGP_KEYS, schema = @Schema(type = "string")),
                @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string"))
              })
          @RequestBody
          String body,
      @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @Parameter(description = "a label, when the body is the armored key itself")
          @RequestParam(required = false)
          String name) {
    String armored = body;
    JsonNode label = name == null ? null : mapper.getNodeFactory().stringNode(name);
    if (MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
      JsonNode json = json(body);
      JsonNode key = json.get("public_key");
      if (key != null && !key.isNull() && !key.isString()) {
        throw new InvalidRequestException("public_key", "must be a string: the ASCII-armored key");
      }
      armored = key == null || key.isNull() ? null : key.stringValue();
      label = json.get("name");
    }
    List<FieldError> errors = new ArrayList<>();
    String labelText = label(label, errors);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    OpenPgpKeys.Description described = null;
    try {
      described = OpenPgpKeys.describe(armored, now);
    } catch (UnusableKeyException e) {
      errors.add(new FieldError("public_key", e.getMessage()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    PublicKey key =
        new PublicKey(
            UUID.randomUUID(),
            Caller.current().name(),
            labelText,
            described.fingerprint(),
            described.keyId(),
            described.algorithm(),
            described.userIds(),
            described.armored(),
            now,
            described.expiresAt());
    keys.insertWithin(key, maxPerOwner);
    audit.record("key_created", key.id().toString(), "fingerprint " + key.fingerprint());
    return ResponseEntity.created(URI.create("/api/v1/keys/" + key.id())).body(KeyView.of(key));
  }

  /** A page of the caller's keys (everyone's for an admin), newest first. */
  @GetMapping({"", "/"})
  @Operation(operationId = "listKeys", summary = "List public keys")
  @ProblemResponses({400, 401})
  Page<KeyView> list(
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
    List<KeyView> items =
        keys.list(owner, page.limit(), page.offset()).stream().map(KeyView::of).toList();
    return new Page<>(items, keys.count(owner), page.limit(), page.offset());
  }

  @GetMapping({"/{id}", "/{id}/"})
  @Operation(operationId = "getKey", summary = "A public key")
  @ProblemResponses({401, 404})
  KeyView get(@PathVariable String id) {
    return KeyView.of(find(id));
  }

  @DeleteMapping({"/{id}", "/{id}/"})
  @Operation(
      operationId = "deleteKey",
      summary = "Delete a public key",
      description =
          "409 while a template or schedule of its owner names it as a recipient (change those"
              + " first). An export already under way that names it fails when it is finalized.")
  @ProblemResponses({401, 404, 409})
  DeletedKey delete(@PathVariable String id) {
    PublicKey key = find(id);
    List<String> users = usersOf(key);
    if (!users.isEmpty()) {
      throw new ConflictException(
          "key "
              + key.fingerprint()
              + " is a recipient of "
              + String.join(", ", users)
              + "; remove it from them first");
    }
    if (!keys.delete(key.id())) {
      throw new NotFoundException("key " + id + " not found");
    }
    audit.record("key_deleted", key.id().toString(), "fingerprint " + key.fingerprint());
    return new DeletedKey(key.id().toString(), true);
  }

  /** The owner's templates and schedules whose exports are encrypted to this key. */
  private List<String> usersOf(PublicKey key) {
    List<String> users = new ArrayList<>();
    templates.list(key.owner()).stream()
        .filter(t -> encryptsTo(t.config(), key))
        .forEach(t -> users.add("template '" + t.name() + "' (" + t.id() + ")"));
    schedules.list(key.owner(), Integer.MAX_VALUE, 0).stream()
        .filter(s -> encryptsTo(s.export(), key))
        .forEach(s -> users.add("schedule '" + s.name() + "' (" + s.id() + ")"));
    return users;
  }

  private static boolean encryptsTo(ExportRequest request, PublicKey key) {
    return request.encryption() != null
        && request.encryption().recipients().stream().anyMatch(key::isNamedBy);
  }

  private PublicKey find(String id) {
    return audit.findOwned("key", id, keys::find, PublicKey::owner);
  }

  private JsonNode json(String body) {
    try {
      JsonNode json = body == null || body.isBlank() ? null : mapper.readTree(body);
      if (json == null || !json.isObject()) {
        throw new InvalidRequestException(
            "body", "must be a JSON object {\"public_key\": \"...\", \"name\": \"...\"}");
      }
      return json;
    } catch (JacksonException e) {
      throw new InvalidRequestException("body", "is not valid JSON");
    }
  }

  private static String label(JsonNode name, List<FieldError> errors) {
    if (name == null || name.isNull()) {
      return null;
    }
    if (!name.isString()
        || name.stringValue().isBlank()
        || name.stringValue().length() > MAX_NAME) {
      errors.add(
          new FieldError(
              "name", "must be a non-blank string of at most " + MAX_NAME + " characters"));
      return null;
    }
    StorableText.check("name", name.stringValue(), errors);
    return name.stringValue().strip();
  }
}

package io.dataexporter.gateway.export;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.filter.FixedColumnTypes;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.job.Compression;
import io.dataexporter.job.Encryption;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.StorableText;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.keys.RecipientKeys;
import io.dataexporter.transform.Transformation;
import io.dataexporter.transform.TransformationParser;
import io.dataexporter.webhook.WebhookDestinations;
import io.dataexporter.webhook.WebhookTarget;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a request body (snake_case JSON, the original service's fields) into an {@link
 * ExportRequest}, collecting every problem with its field name instead of stopping at the first.
 * Unknown fields are ignored, as the original service did.
 */
public final class ExportRequestParser {
  private final DatasetRegistry datasets;
  private final JsonMapper mapper;
  private final RequestLimits limits;
  private final WebhookDestinations destinations;
  private final FilterParser filters;
  private RecipientKeys recipients;

  /**
   * A request with where its end is announced.
   *
   * @param webhook null when the request has none
   */
  public record Submission(ExportRequest request, WebhookTarget webhook) {}

  public ExportRequestParser(
      DatasetRegistry datasets,
      JsonMapper mapper,
      RequestLimits limits,
      WebhookDestinations destinations,
      FilterParser filters) {
    this.datasets = datasets;
    this.mapper = mapper;
    this.limits = limits;
    this.destinations = destinations;
    this.filters = filters;
  }

  /** With default limits, no webhook allow-list and the given column types (tests). */
  public ExportRequestParser(
      DatasetRegistry datasets, JsonMapper mapper, Map<String, Map<String, String>> columnTypes) {
    this(
        datasets,
        mapper,
        RequestLimits.DEFAULTS,
        new WebhookDestinations(List.of()),
        new FilterParser(datasets, new FixedColumnTypes(columnTypes)));
  }

  /**
   * Also checks that {@code encryption.recipients} name usable public keys of the request's owner
   * (without it, only their shape is checked).
   */
  public ExportRequestParser checkingRecipients(RecipientKeys recipients) {
    this.recipients = recipients;
    return this;
  }

  public ExportRequestParser(DatasetRegistry datasets, JsonMapper mapper) {
    this(datasets, mapper, Map.of());
  }

  /**
   * Why a webhook URL may not be called (not http or https, or a host in a refused address range
   * that is not allow-listed); empty when it may. Schedules check their webhook with it too.
   */
  public java.util.Optional<String> webhookRefusal(String url) {
    return destinations.refusal(url);
  }

  /** The request alone; a {@code webhook} field is not read (as for an estimate). */
  public ExportRequest parse(JsonNode body) {
    return parse(body, Caller.current().name());
  }

  /**
   * The request alone, for exports that {@code owner} will own (a schedule's runs belong to the
   * schedule's owner): encryption recipients are looked up among their keys.
   */
  public ExportRequest parse(JsonNode body, String owner) {
    List<FieldError> errors = new ArrayList<>();
    ExportRequest request = read(body, owner, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return request;
  }

  /**
   * The request and its optional {@code webhook: {url, secret}}, every problem of both reported
   * together (the URL's host is resolved and must be public unless allow-listed).
   */
  public Submission parseSubmission(JsonNode body) {
    return parseSubmission(body, Caller.current().name());
  }

  /** As {@link #parseSubmission(JsonNode)}, for exports that {@code owner} will own. */
  public Submission parseSubmission(JsonNode body, String owner) {
    List<FieldError> errors = new ArrayList<>();
    ExportRequest request = read(body, owner, errors);
    WebhookTarget webhook = webhook(body.get("webhook"), errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Submission(request, webhook);
  }

  private ExportRequest read(JsonNode body, String owner, List<FieldError> errors) {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object");
    }
    for (String field :
        List.of(
            "data_types",
            "processes",
            "filters",
            "transformations",
            "encryption",
            "sample",
            "split",
            "max_file_size")) {
      StorableText.check(field, body.get(field), errors);
    }
    boolean storableFilters = errors.stream().noneMatch(e -> e.field().startsWith("filters"));
    List<String> dataTypes = dataTypes(body.get("data_types"), errors);
    OffsetDateTime start = timestamp(body, "start_date", errors);
    OffsetDateTime end = timestamp(body, "end_date", errors);
    if (start != null && end != null && !start.isBefore(end)) {
      errors.add(new FieldError("end_date", "must be after start_date"));
    }
    List<String> processes = processes(body.get("processes"), errors);
    if (processes.size() > limits.maxProcesses()) {
      errors.add(
          new FieldError("processes", "must have at most " + limits.maxProcesses() + " entries"));
    }
    if (processes.stream().anyMatch(p -> p.length() > limits.maxProcessNameLength())) {
      errors.add(
          new FieldError(
              "processes",
              "names must be at most " + limits.maxProcessNameLength() + " characters"));
    }
    int batchSize = batchSize(body.get("batch_size"), errors);
    boolean includeMetadata = bool(body, "include_metadata", true, errors);
    ValidationLevel level =
        choice(body, "validation_level", ValidationLevel.class, ValidationLevel.BASIC, errors);
    OutputFormat format =
        choice(body, "output_format", OutputFormat.class, OutputFormat.JSON, errors);
    Compression compression = compression(body, format, errors);
    boolean csvEscapeFormulas = bool(body, "csv_escape_formulas", false, errors);
    Encryption encryption = encryption(body.get("encryption"), errors);
    if (encryption != null && recipients != null) {
      recipients
          .resolve(owner, encryption)
          .problems()
          .forEach(
              (i, problem) ->
                  errors.add(new FieldError("encryption.recipients[" + i + "]", problem)));
    }
    Map<String, Object> filters = filters(body.get("filters"), dataTypes, storableFilters, errors);
    Map<String, List<Transformation>> transformations =
        transformations(body.get("transformations"), dataTypes, errors);
    DatasetOptionsParser.Options options =
        new DatasetOptionsParser(datasets, this.filters.columnTypes())
            .read(body, dataTypes, errors);
    if (!errors.isEmpty()) {
      return null;
    }
    return new ExportRequest(
            dataTypes,
            start,
            end,
            processes,
            batchSize,
            includeMetadata,
            level,
            format,
            compression,
            filters,
            transformations,
            csvEscapeFormulas,
            encryption)
        .withDatasetOptions(
            options.sample(), options.split(), options.maxFileSize(), options.partitionBy());
  }

  /**
   * {@code compression}: {@code true} (gzip), {@code false} (none) or a codec's name ({@code
   * snappy} for Parquet pages only); {@code compression_level} within the codec's range, and only
   * with a codec that has levels. For Parquet the codec compresses the pages: absent or {@code
   * false} is snappy, {@code "none"} uncompressed pages.
   */
  private static Compression compression(
      JsonNode body, OutputFormat format, List<FieldError> errors) {
    JsonNode node = body.get("compression");
    Compression.Codec codec = Compression.Codec.NONE;
    boolean named = false;
    if (node != null && !node.isNull()) {
      if (node.isBoolean()) {
        codec = node.booleanValue() ? Compression.Codec.GZIP : Compression.Codec.NONE;
      } else if (node.isString() && codecNamed(node.stringValue()) != null) {
        codec = codecNamed(node.stringValue());
        named = true;
      } else {
        errors.add(
            new FieldError(
                "compression",
                "must be true, false, \"gzip\", \"zstd\", \"snappy\" (parquet) or \"none\""));
        return Compression.NONE;
      }
    }
    if (codec == Compression.Codec.SNAPPY && format != OutputFormat.PARQUET) {
      errors.add(new FieldError("compression", "snappy is for parquet pages only"));
      return Compression.NONE;
    }
    JsonNode levelNode = body.get("compression_level");
    Integer level = null;
    if (levelNode != null && !levelNode.isNull()) {
      if (codec == Compression.Codec.NONE || codec == Compression.Codec.SNAPPY) {
        errors.add(new FieldError("compression_level", "needs compression \"gzip\" or \"zstd\""));
      } else if (!levelNode.isIntegralNumber()
          || !levelNode.canConvertToInt()
          || levelNode.intValue() < codec.minLevel()
          || levelNode.intValue() > codec.maxLevel()) {
        errors.add(
            new FieldError(
                "compression_level",
                "must be an integer from "
                    + codec.minLevel()
                    + " to "
                    + codec.maxLevel()
                    + " for "
                    + codec.wire()));
      } else {
        level = levelNode.intValue();
      }
    }
    return new Compression(codec, level, named);
  }

  private static Compression.Codec codecNamed(String name) {
    for (Compression.Codec codec : Compression.Codec.values()) {
      if (codec.wire().equals(name)) {
        return codec;
      }
    }
    return null;
  }

  /** The maximum number of recipients of an encrypted export. */
  public static final int MAX_RECIPIENTS = 10;

  /**
   * {@code encryption: {"type": "openpgp", "recipients": [...]}}: its shape only; whether each
   * recipient is a usable key of the caller is checked where the keys are known.
   */
  private static Encryption encryption(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(
          new FieldError(
              "encryption", "must be an object {\"type\": \"openpgp\", \"recipients\": [...]}"));
      return null;
    }
    int before = errors.size();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getKey().equals("type") && !field.getKey().equals("recipients")) {
        errors.add(new FieldError("encryption." + field.getKey(), "is not a known field"));
      }
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isString() || !type.stringValue().equals(Encryption.OPENPGP)) {
      errors.add(new FieldError("encryption.type", "must be \"openpgp\""));
    }
    JsonNode recipients = node.get("recipients");
    List<String> keys = new ArrayList<>();
    if (recipients == null
        || !recipients.isArray()
        || recipients.isEmpty()
        || recipients.size() > MAX_RECIPIENTS) {
      errors.add(
          new FieldError(
              "encryption.recipients",
              "must be an array of 1 to " + MAX_RECIPIENTS + " public key ids"));
    } else {
      for (int i = 0; i < recipients.size(); i++) {
        JsonNode key = recipients.get(i);
        if (!key.isString() || key.stringValue().isBlank() || key.stringValue().length() > 100) {
          errors.add(
              new FieldError(
                  "encryption.recipients[" + i + "]", "must be a key's id, fingerprint or key id"));
        } else if (keys.contains(key.stringValue())) {
          errors.add(new FieldError("encryption.recipients[" + i + "]", "is listed twice"));
        } else {
          keys.add(key.stringValue());
        }
      }
    }
    return errors.size() > before ? null : new Encryption(Encryption.OPENPGP, keys);
  }

  private WebhookTarget webhook(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(new FieldError("webhook", "must be an object {url, secret}"));
      return null;
    }
    int before = errors.size();
    StorableText.check("webhook", node, errors);
    if (errors.size() > before) {
      return null;
    }
    JsonNode url = node.get("url");
    String target = null;
    if (url == null || url.isNull()) {
      errors.add(new FieldError("webhook.url", "is required"));
    } else if (!url.isString()) {
      errors.add(new FieldError("webhook.url", "must be an absolute http or https URL"));
    } else {
      target = url.stringValue();
      destinations
          .refusal(target)
          .ifPresent(problem -> errors.add(new FieldError("webhook.url", problem)));
    }
    JsonNode secret = node.get("secret");
    String key = null;
    if (secret != null && !secret.isNull()) {
      if (!secret.isString()
          || secret.stringValue().isEmpty()
          || secret.stringValue().length() > WebhookTarget.MAX_SECRET_LENGTH) {
        errors.add(
            new FieldError(
                "webhook.secret",
                "must be a string of 1 to " + WebhookTarget.MAX_SECRET_LENGTH + " characters"));
      } else {
        key = secret.stringValue();
      }
    }
    return errors.size() > before ? null : new WebhookTarget(target, key);
  }

  private List<String> dataTypes(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError("data_types", "is required"));
      return List.of();
    }
    if (!node.isArray() || node.isEmpty()) {
      errors.add(
          new FieldError(
              "data_types", "must be a non-empty array of data type names " + datasets.names()));
      return List.of();
    }
    Set<String> types = new LinkedHashSet<>();
    for (JsonNode item : node) {
      if (!item.isString()) {
        errors.add(new FieldError("data_types", "must contain only strings"));
      } else if (!datasets.contains(item.stringValue())) {
        errors.add(
            new FieldError(
                "data_types",
                "unknown data type '" + item.stringValue() + "'; known: " + datasets.names()));
      } else {
        types.add(item.stringValue());
      }
    }
    return List.copyOf(types);
  }

  private static OffsetDateTime timestamp(JsonNode body, String field, List<FieldError> errors) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      errors.add(new FieldError(field, "must be an ISO-8601 date-time string with offset"));
      return null;
    }
    try {
      return OffsetDateTime.parse(node.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              field, "must be an ISO-8601 date-time with offset, e.g. 2024-01-01T00:00:00Z"));
      return null;
    }
  }

  private static List<String> processes(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      errors.add(new FieldError("processes", "must be an array of process names"));
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode item : node) {
      if (!item.isString() || item.stringValue().isEmpty()) {
        errors.add(new FieldError("processes", "must contain only non-empty strings"));
        return List.of();
      }
      names.add(item.stringValue());
    }
    return List.copyOf(names);
  }

  private static int batchSize(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return ExportRequest.DEFAULT_BATCH_SIZE;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < 1
        || node.intValue() > ExportRequest.MAX_BATCH_SIZE) {
      errors.add(
          new FieldError(
              "batch_size", "must be an integer from 1 to " + ExportRequest.MAX_BATCH_SIZE));
      return ExportRequest.DEFAULT_BATCH_SIZE;
    }
    return node.intValue();
  }

  private static boolean bool(
      JsonNode body, String field, boolean fallback, List<FieldError> errors) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false"));
      return fallback;
    }
    return node.booleanValue();
  }

  private static <E extends Enum<E>> E choice(
      JsonNode body, String field, Class<E> type, E fallback, List<FieldError> errors) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String wire = constant.name().toLowerCase(Locale.ROOT);
      allowed.add(wire);
      if (node.isString() && node.stringValue().equals(wire)) {
        return constant;
      }
    }
    errors.add(new FieldError(field, "must be one of " + allowed));
    return fallback;
  }

  private Map<String, List<Transformation>> transformations(
      JsonNode node, List<String> dataTypes, List<FieldError> errors) {
    Map<String, List<Transformation>> steps = TransformationParser.parse(node, errors);
    steps.forEach(
        (type, list) -> {
          if (list != null && list.size() > limits.maxTransformationSteps()) {
            errors.add(
                new FieldError(
                    "transformations." + type,
                    "must have at most " + limits.maxTransformationSteps() + " steps"));
          }
          if (!dataTypes.contains(type)) {
            errors.add(
                new FieldError(
                    "transformations." + type,
                    "is not one of the requested data_types " + dataTypes));
          } else {
            TransformationParser.checkFields(type, datasets.get(type).columns(), list, errors);
          }
        });
    return steps;
  }

  /**
   * The filters as sent, once {@link FilterParser} found that they fit the requested data types'
   * columns (read from the source database's catalog: unreachable, a 503).
   */
  private Map<String, Object> filters(
      JsonNode node, List<String> dataTypes, boolean storable, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      errors.add(new FieldError("filters", "must be an object"));
      return Map.of();
    }
    if (storable && !node.isEmpty() && !dataTypes.isEmpty()) {
      this.filters.parse(node, dataTypes, errors);
    }
    Map<String, Object> filters = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      filters.put(entry.getKey(), mapper.convertValue(entry.getValue(), Object.class));
    }
    return filters;
  }
}

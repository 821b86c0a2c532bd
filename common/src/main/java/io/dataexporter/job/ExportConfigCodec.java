package io.dataexporter.job;

import io.dataexporter.error.FieldError;
import io.dataexporter.transform.Transformation;
import io.dataexporter.transform.TransformationParser;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The stored and displayed form of a request: the original service's snake_case fields. */
public final class ExportConfigCodec {
  private final JsonMapper mapper;

  public ExportConfigCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectNode toJson(ExportRequest request) {
    ObjectNode node = mapper.createObjectNode();
    node.putPOJO("data_types", request.dataTypes());
    node.put("start_date", request.startDate() == null ? null : request.startDate().toString());
    node.put("end_date", request.endDate() == null ? null : request.endDate().toString());
    node.putPOJO("processes", request.processes());
    node.put("batch_size", request.batchSize());
    node.put("include_metadata", request.includeMetadata());
    node.put("validation_level", request.validationLevel().name().toLowerCase(Locale.ROOT));
    node.put("output_format", request.outputFormat().extension());
    node.putPOJO("compression", request.compression().wire());
    node.put("compression_level", request.compression().level());
    node.set("filters", mapper.valueToTree(request.filters()));
    node.put("csv_escape_formulas", request.csvEscapeFormulas());
    Encryption encryption = request.encryption();
    if (encryption == null) {
      node.putNull("encryption");
    } else {
      ObjectNode e = node.putObject("encryption");
      e.put("type", encryption.type());
      e.putPOJO("recipients", encryption.recipients());
    }
    Sample sample = request.sample();
    if (sample == null) {
      node.putNull("sample");
    } else {
      ObjectNode n = node.putObject("sample");
      if (sample.fraction() != null) {
        n.put("fraction", sample.fraction());
      } else {
        n.put("rows", sample.rows());
      }
      n.put("seed", sample.seed());
      n.put("key", sample.key());
    }
    Split split = request.split();
    if (split == null) {
      node.putNull("split");
    } else {
      ObjectNode n = node.putObject("split");
      ObjectNode ratios = n.putObject("ratios");
      split.ratios().forEach(ratios::put);
      n.put("key", split.key());
      n.put("seed", split.seed());
    }
    node.putPOJO(
        "max_file_size", request.maxFileSize() == null ? null : request.maxFileSize().wire());
    node.put("partition_by", request.partitionBy() == null ? null : request.partitionBy().wire());
    ObjectNode steps = node.putObject("transformations");
    request
        .transformations()
        .forEach(
            (type, list) ->
                steps.set(
                    type, mapper.valueToTree(list.stream().map(Transformation::toMap).toList())));
    return mapper.valueToTree(node);
  }

  public String toJsonText(ExportRequest request) {
    return mapper.writeValueAsString(toJson(request));
  }

  public ExportRequest fromJsonText(String json) {
    JsonNode node = mapper.readTree(json);
    return new ExportRequest(
        strings(node.get("data_types")),
        time(node.get("start_date")),
        time(node.get("end_date")),
        strings(node.get("processes")),
        node.get("batch_size").intValue(),
        node.get("include_metadata").booleanValue(),
        ValidationLevel.valueOf(
            node.get("validation_level").stringValue().toUpperCase(Locale.ROOT)),
        OutputFormat.valueOf(node.get("output_format").stringValue().toUpperCase(Locale.ROOT)),
        compression(node.get("compression"), node.get("compression_level")),
        mapper.convertValue(node.get("filters"), new TypeReference<Map<String, Object>>() {}),
        storedTransformations(node.get("transformations")),
        node.path("csv_escape_formulas").asBoolean(false),
        encryption(node.get("encryption")),
        sample(node.get("sample")),
        split(node.get("split")),
        maxFileSize(node.get("max_file_size")),
        partitionBy(node.get("partition_by")));
  }

  private static Sample sample(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode fraction = node.get("fraction");
    JsonNode rows = node.get("rows");
    return new Sample(
        fraction == null || fraction.isNull() ? null : fraction.doubleValue(),
        rows == null || rows.isNull() ? null : rows.longValue(),
        text(node.get("seed")),
        text(node.get("key")));
  }

  private static Split split(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Map<String, Double> ratios = new java.util.LinkedHashMap<>();
    node.get("ratios")
        .properties()
        .forEach(e -> ratios.put(e.getKey(), e.getValue().doubleValue()));
    return new Split(ratios, text(node.get("key")), text(node.get("seed")));
  }

  /** A stored {@code max_file_size}: the request's text or number of bytes. */
  private static FileSize maxFileSize(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return new FileSize(node.longValue(), node.longValue());
    }
    return new FileSize(FileSizes.parse(node.stringValue()), node.stringValue());
  }

  private static PartitionBy partitionBy(JsonNode node) {
    return node == null || node.isNull()
        ? null
        : PartitionBy.valueOf(node.stringValue().toUpperCase(Locale.ROOT));
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.stringValue();
  }

  /** A stored {@code compression}: a boolean (also every config stored before codecs) or a name. */
  private static Compression compression(JsonNode codec, JsonNode level) {
    Integer value = level == null || level.isNull() ? null : level.intValue();
    if (codec.isBoolean()) {
      return new Compression(
          codec.booleanValue() ? Compression.Codec.GZIP : Compression.Codec.NONE, value, false);
    }
    return new Compression(
        Compression.Codec.valueOf(codec.stringValue().toUpperCase(Locale.ROOT)), value, true);
  }

  private static Encryption encryption(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new Encryption(node.get("type").stringValue(), strings(node.get("recipients")));
  }

  private static Map<String, List<Transformation>> storedTransformations(JsonNode node) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<Transformation>> steps = TransformationParser.parse(node, errors);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("stored transformations are invalid: " + errors);
    }
    return steps;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.stringValue()));
    return values;
  }

  private static OffsetDateTime time(JsonNode node) {
    return node == null || node.isNull() ? null : OffsetDateTime.parse(node.stringValue());
  }
}

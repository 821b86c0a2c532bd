package io.dataexporter.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.job.ExportConfigCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export request is read by {@link ExportRequestParser}, and described to clients by the {@code
 * ExportRequest} schema of the checked-in OpenAPI document (which {@code OpenApiDocumentIT} keeps
 * equal to the served one). This test derives its cases from that schema, so the two cannot drift
 * apart: every default is what the parser fills in, every enum value is accepted and anything else
 * refused, every numeric and list bound holds exactly at its edge, and every required field is
 * required.
 */
class ExportRequestSchemaTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNode SCHEMAS =
      JSON.readTree(Path.of("").toAbsolutePath().getParent().resolve("docs/openapi.json").toFile())
          .path("components")
          .path("schemas");
  private static final JsonNode SCHEMA = SCHEMAS.path("ExportRequest");
  private final ExportRequestParser parser =
      new ExportRequestParser(
          new DatasetRegistry(
              List.of(
                  new Dataset(
                      "logs",
                      "public.logs",
                      "id",
                      "timestamp",
                      "process",
                      List.of("id", "timestamp", "process", "message")))),
          JSON);
  private final ExportConfigCodec codec = new ExportConfigCodec(JSON);

  @Test
  void the_schema_describes_the_fields_the_parser_reads() {
    assertThat(properties().keySet())
        .containsExactlyInAnyOrder(
            "data_types",
            "start_date",
            "end_date",
            "processes",
            "batch_size",
            "include_metadata",
            "validation_level",
            "output_format",
            "compression",
            "compression_level",
            "csv_escape_formulas",
            "encryption",
            "filters",
            "transformations",
            "webhook",
            "max_file_size",
            "partition_by",
            "sample",
            "split");
  }

  @Test
  void every_default_in_the_schema_is_what_the_parser_fills_in() {
    ObjectNode stored = codec.toJson(parser.parse(minimal()));
    int defaults = 0;
    for (Map.Entry<String, JsonNode> property : properties().entrySet()) {
      if (property.getValue().has("default")) {
        defaults++;
        assertThat(stored.get(property.getKey()))
            .as(property.getKey())
            .isEqualTo(property.getValue().get("default"));
      }
    }
    assertThat(defaults).as("defaults in the schema").isGreaterThanOrEqualTo(5);
  }

  @Test
  void every_enum_value_is_accepted_and_anything_else_refused() {
    int enums = 0;
    for (Map.Entry<String, JsonNode> property : properties().entrySet()) {
      if (!property.getValue().has("enum")) {
        continue;
      }
      enums++;
      for (JsonNode value : property.getValue().get("enum")) {
        assertThat(badFields(with(property.getKey(), value)))
            .as(property.getKey() + " = " + value)
            .isEmpty();
      }
      assertThat(badFields(with(property.getKey(), JSON.getNodeFactory().stringNode("nope"))))
          .as(property.getKey() + " = nope")
          .containsExactly(property.getKey());
    }
    assertThat(enums).as("enums in the schema").isGreaterThanOrEqualTo(2);
  }

  @Test
  void compression_is_a_boolean_or_one_of_the_named_codecs() {
    JsonNode choices = properties().get("compression").get("oneOf");
    List<JsonNode> values = new ArrayList<>();
    for (JsonNode choice : choices) {
      if (choice.path("type").asString().equals("boolean")
          || choice.path("type").path(0).asString().equals("boolean")) {
        values.add(JSON.getNodeFactory().booleanNode(true));
        values.add(JSON.getNodeFactory().booleanNode(false));
      }
      choice.path("enum").forEach(values::add);
    }
    assertThat(values).hasSize(6);
    for (JsonNode value : values) {
      assertThat(badFields(with("compression", value))).as("compression = " + value).isEmpty();
    }
    for (JsonNode bad :
        List.<JsonNode>of(
            JSON.getNodeFactory().stringNode("brotli"),
            JSON.getNodeFactory().stringNode("true"),
            JSON.getNodeFactory().numberNode(1))) {
      assertThat(badFields(with("compression", bad)))
          .as("compression = " + bad)
          .containsExactly("compression");
    }
  }

  @Test
  void numeric_bounds_hold_exactly_at_their_edges() {
    int bounds = 0;
    for (Map.Entry<String, JsonNode> property : properties().entrySet()) {
      JsonNode schema = property.getValue();
      String field = property.getKey();
      if (schema.has("minimum")) {
        bounds++;
        long min = schema.get("minimum").asLong();
        assertThat(badFields(with(field, JSON.getNodeFactory().numberNode(min)))).isEmpty();
        assertThat(badFields(with(field, JSON.getNodeFactory().numberNode(min - 1))))
            .as(field + " below its minimum")
            .containsExactly(field);
      }
      if (schema.has("maximum")) {
        bounds++;
        long max = schema.get("maximum").asLong();
        assertThat(badFields(with(field, JSON.getNodeFactory().numberNode(max)))).isEmpty();
        assertThat(badFields(with(field, JSON.getNodeFactory().numberNode(max + 1))))
            .as(field + " above its maximum")
            .containsExactly(field);
      }
    }
    assertThat(bounds).as("numeric bounds in the schema").isGreaterThanOrEqualTo(2);
  }

  @Test
  void list_bounds_hold_exactly_at_their_edges() {
    JsonNode processes = properties().get("processes");
    int maxItems = processes.get("maxItems").asInt();
    int maxLength = processes.path("items").get("maxLength").asInt();
    assertThat(badFields(with("processes", names(maxItems, 6)))).isEmpty();
    assertThat(badFields(with("processes", names(maxItems + 1, 6))))
        .as("one process name too many")
        .isNotEmpty()
        .allMatch(f -> f.startsWith("processes"));
    assertThat(badFields(with("processes", names(1, maxLength)))).isEmpty();
    assertThat(badFields(with("processes", names(1, maxLength + 1))))
        .as("a process name one character too long")
        .isNotEmpty()
        .allMatch(f -> f.startsWith("processes"));

    int minTypes = properties().get("data_types").get("minItems").asInt();
    assertThat(minTypes).isEqualTo(1);
    ObjectNode none = minimal();
    none.putArray("data_types");
    assertThat(badFields(none)).containsExactly("data_types");
  }

  @Test
  void every_required_field_is_required() {
    for (JsonNode required : SCHEMA.path("required")) {
      ObjectNode body = minimal();
      body.remove(required.asString());
      assertThat(badFields(body)).as("without " + required).contains(required.asString());
    }
    assertThat(SCHEMA.path("required")).extracting(JsonNode::asString).contains("data_types");
  }

  private static Map<String, JsonNode> properties() {
    Map<String, JsonNode> properties = new java.util.LinkedHashMap<>();
    for (String name : SCHEMA.path("properties").propertyNames()) {
      properties.put(name, SCHEMA.path("properties").get(name));
    }
    assertThat(properties).as("ExportRequest in docs/openapi.json").isNotEmpty();
    return properties;
  }

  private static ObjectNode minimal() {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("data_types").add("logs");
    return body;
  }

  private static ObjectNode with(String field, JsonNode value) {
    ObjectNode body = minimal();
    body.set(field, value);
    if (field.equals("compression_level")) {
      // a level needs a codec; zstd's range is the schema's
      body.put("compression", "zstd");
    }
    if (field.equals("compression") && value.isString() && value.stringValue().equals("snappy")) {
      // snappy compresses Parquet pages only
      body.put("output_format", "parquet");
    }
    return body;
  }

  @Test
  void max_file_size_is_a_size_text_or_a_number_of_bytes_within_its_bounds() {
    JsonNode choices = properties().get("max_file_size").get("oneOf");
    int checked = 0;
    for (JsonNode choice : choices) {
      String type = choice.path("type").asString();
      if (type.equals("integer")) {
        long min = choice.get("minimum").asLong();
        long max = choice.get("maximum").asLong();
        assertThat(badFields(with("max_file_size", number(min)))).isEmpty();
        assertThat(badFields(with("max_file_size", number(max)))).isEmpty();
        assertThat(badFields(with("max_file_size", number(min - 1))))
            .containsExactly("max_file_size");
        assertThat(badFields(with("max_file_size", number(max + 1))))
            .containsExactly("max_file_size");
        checked++;
      } else if (type.equals("string")) {
        java.util.regex.Pattern pattern =
            java.util.regex.Pattern.compile(choice.get("pattern").asString());
        for (String text : List.of(choice.get("example").asString(), "1000", "2 gib", "64MiB")) {
          assertThat(pattern.matcher(text).matches()).as(text).isTrue();
          assertThat(badFields(with("max_file_size", text(text)))).as(text).isEmpty();
        }
        for (String text : List.of("256 parsecs", "MB", "1e9", "")) {
          assertThat(pattern.matcher(text).matches()).as(text).isFalse();
          assertThat(badFields(with("max_file_size", text(text))))
              .as(text)
              .containsExactly("max_file_size");
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2);
  }

  /**
   * The bounds of the members of {@code sample} and {@code split} (their own schemas), each checked
   * at its edge in an otherwise valid object, and the error names the member.
   */
  @Test
  void sample_and_split_members_hold_their_bounds_exactly() {
    Map<String, String> bases =
        Map.of("sample", "{\"fraction\": 0.5}", "split", "{\"ratios\": {\"a\": 1}}");
    int bounds = 0;
    for (String field : List.of("sample", "split")) {
      JsonNode schema = referenced(properties().get(field));
      for (String member : schema.path("properties").propertyNames()) {
        JsonNode bound = schema.path("properties").get(member);
        String name = field + "." + member;
        if (bound.has("maxLength")) {
          bounds++;
          int max = bound.get("maxLength").asInt();
          assertThat(badMember(bases.get(field), member, text("s".repeat(max)), field)).isEmpty();
          assertThat(badMember(bases.get(field), member, text("s".repeat(max + 1)), field))
              .containsExactly(name);
        }
        if (bound.has("minimum")) {
          bounds++;
          long min = bound.get("minimum").asLong();
          assertThat(badMember(bases.get(field), member, number(min), field)).isEmpty();
          assertThat(badMember(bases.get(field), member, number(min - 1), field))
              .containsExactly(name);
        }
        if (bound.has("exclusiveMinimum")) {
          bounds++;
          double min = bound.get("exclusiveMinimum").asDouble();
          assertThat(badMember(bases.get(field), member, decimal(min + 1e-6), field)).isEmpty();
          assertThat(badMember(bases.get(field), member, decimal(min), field))
              .containsExactly(name);
        }
        if (bound.has("maximum")) {
          bounds++;
          JsonNode max = bound.get("maximum");
          JsonNode beyond =
              bound.path("type").asString().equals("integer")
                  ? number(max.asLong() + 1)
                  : decimal(max.asDouble() + 1e-6);
          assertThat(badMember(bases.get(field), member, max, field)).isEmpty();
          assertThat(badMember(bases.get(field), member, beyond, field)).containsExactly(name);
        }
      }
      for (JsonNode required : schema.path("required")) {
        ObjectNode value = (ObjectNode) JSON.readTree(bases.get(field));
        value.remove(required.asString());
        assertThat(badFields(with(field, value))).contains(field + "." + required.asString());
      }
    }
    assertThat(bounds).as("bounds of sample members").isGreaterThanOrEqualTo(5);

    JsonNode ratios = referenced(properties().get("split")).path("properties").path("ratios");
    int most = ratios.get("maxProperties").asInt();
    assertThat(badFields(with("split", split(most)))).isEmpty();
    assertThat(badFields(with("split", split(most + 1)))).containsExactly("split.ratios");
    assertThat(ratios.get("minProperties").asInt()).isEqualTo(1);
    assertThat(badFields(with("split", split(0)))).contains("split.ratios");
    java.util.regex.Pattern names =
        java.util.regex.Pattern.compile(ratios.path("propertyNames").get("pattern").asString());
    for (String name :
        List.of("train", "_x", "Test_2", "a".repeat(32), "9a", "a-b", "a".repeat(33))) {
      ObjectNode split = JSON.createObjectNode();
      split.putObject("ratios").put(name, 1);
      assertThat(badFields(with("split", split)).isEmpty())
          .as(name)
          .isEqualTo(names.matcher(name).matches());
    }
    JsonNode ratio = ratios.get("additionalProperties");
    assertThat(ratio.get("exclusiveMinimum").asDouble()).isZero();
    assertThat(ratio.get("maximum").asDouble()).isEqualTo(1.0);
  }

  private static JsonNode referenced(JsonNode property) {
    String ref = property.path("$ref").asString();
    for (JsonNode choice : property.path("anyOf")) {
      if (choice.has("$ref")) {
        ref = choice.get("$ref").asString();
      }
    }
    assertThat(ref).as("a reference to the member's schema").isNotEmpty();
    return SCHEMAS.path(ref.substring(ref.lastIndexOf('/') + 1));
  }

  /** {@code field} is {@code base} with {@code member} set (a sample's rows replaces fraction). */
  private List<String> badMember(String base, String member, JsonNode value, String field) {
    ObjectNode object = (ObjectNode) JSON.readTree(base);
    if (member.equals("rows")) {
      object.remove("fraction");
    }
    object.set(member, value);
    return badFields(with(field, object));
  }

  /** A split of {@code count} names with equal ratios summing to 1. */
  private static ObjectNode split(int count) {
    ObjectNode split = JSON.createObjectNode();
    ObjectNode ratios = split.putObject("ratios");
    for (int i = 0; i < count; i++) {
      ratios.put("s" + i, 1.0 / count);
    }
    return split;
  }

  private static JsonNode number(long value) {
    return JSON.getNodeFactory().numberNode(value);
  }

  private static JsonNode decimal(double value) {
    return JSON.getNodeFactory().numberNode(value);
  }

  private static JsonNode text(String value) {
    return JSON.getNodeFactory().stringNode(value);
  }

  /** compression is a boolean or a codec's name: no enum in the schema, so checked here. */
  private static ArrayNode names(int count, int length) {
    ArrayNode names = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      names.add(String.format("%0" + length + "d", i)); // distinct, each exactly length long
    }
    return names;
  }

  private List<String> badFields(JsonNode body) {
    try {
      parser.parse(body);
      return List.of();
    } catch (InvalidRequestException e) {
      List<String> fields = new ArrayList<>();
      for (FieldError error : e.errors()) {
        fields.add(error.field());
      }
      return fields;
    }
  }
}

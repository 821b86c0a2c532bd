package io.dataexporter.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ValidationLevel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ExportRequestParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
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
                      List.of("id", "timestamp", "message")),
                  new Dataset(
                      "ips", "public.ips", "id", "last_seen", null, List.of("id", "last_seen")))),
          JSON,
          java.util.Map.of(
              "logs",
              java.util.Map.of("id", "int8", "timestamp", "timestamptz", "message", "text"),
              "ips",
              java.util.Map.of("id", "int8", "last_seen", "timestamptz")));

  private ExportRequest parse(String json) {
    return parser.parse(JSON.readTree(json));
  }

  private List<String> badFields(String json) {
    try {
      parse(json);
    } catch (InvalidRequestException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void a_webhook_is_read_with_the_request_and_its_errors_are_reported_with_the_others() {
    ExportRequestParser.Submission ok =
        parser.parseSubmission(
            JSON.readTree(
                "{\"data_types\": [\"logs\"], \"webhook\": {\"url\": \"https://93.184.216.34/h\","
                    + " \"secret\": \"k\"}}"));
    assertThat(ok.webhook().url()).isEqualTo("https://93.184.216.34/h");
    assertThat(ok.webhook().secret()).isEqualTo("k");
    assertThat(ok.webhook().toString()).doesNotContain("\"k\"").contains("(set)");
    assertThat(parser.parseSubmission(JSON.readTree("{\"data_types\": [\"logs\"]}")).webhook())
        .isNull();
    // the request alone (estimates, stored configs) does not read it
    assertThat(parse("{\"data_types\": [\"logs\"], \"webhook\": {\"url\": \"http://10.0.0.1/\"}}"))
        .isNotNull();

    assertThatThrownBy(
            () ->
                parser.parseSubmission(
                    JSON.readTree(
                        "{\"data_types\": [\"nope\"], \"webhook\": {\"url\": \"http://10.0.0.1/\","
                            + " \"secret\": \"\"}}")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.errors().stream().map(FieldError::field))
                    .containsExactly("data_types", "webhook.url", "webhook.secret"));
  }

  @Test
  void defaults_follow_the_original_service() {
    ExportRequest r = parse("{\"data_types\": [\"logs\"]}");
    assertThat(r.batchSize()).isEqualTo(1000);
    assertThat(r.includeMetadata()).isTrue();
    assertThat(r.validationLevel()).isEqualTo(ValidationLevel.BASIC);
    assertThat(r.outputFormat()).isEqualTo(OutputFormat.JSON);
    assertThat(r.compression().compressed()).isFalse();
    assertThat(r.processes()).isEmpty();
    assertThat(r.filters()).isEmpty();
    assertThat(r.startDate()).isNull();
  }

  @Test
  void offsets_are_kept_and_compare_as_instants() {
    ExportRequest r =
        parse(
            "{\"data_types\": [\"logs\"], \"start_date\": \"2024-03-03T02:00:00+02:00\", \"end_date\": \"2024-03-03T00:00:01Z\"}");
    assertThat(r.startDate().toInstant()).isEqualTo(Instant.parse("2024-03-03T00:00:00Z"));
    assertThat(r.startDate().getOffset().getTotalSeconds()).isEqualTo(7200);
  }

  @Test
  void an_end_equal_to_the_start_in_another_offset_is_refused() {
    assertThat(
            badFields(
                "{\"data_types\": [\"logs\"], \"start_date\": \"2024-03-03T02:00:00+02:00\", \"end_date\": \"2024-03-03T00:00:00Z\"}"))
        .containsExactly("end_date");
  }

  @Test
  void duplicates_collapse_and_order_is_kept() {
    ExportRequest r =
        parse(
            "{\"data_types\": [\"ips\", \"logs\", \"ips\"], \"processes\": [\"b\", \"a\", \"b\"]}");
    assertThat(r.dataTypes()).containsExactly("ips", "logs");
    assertThat(r.processes()).containsExactly("b", "a");
  }

  @Test
  void batch_size_limits_are_inclusive() {
    assertThat(parse("{\"data_types\": [\"logs\"], \"batch_size\": 1}").batchSize()).isEqualTo(1);
    assertThat(parse("{\"data_types\": [\"logs\"], \"batch_size\": 100000}").batchSize())
        .isEqualTo(100000);
    assertThat(badFields("{\"data_types\": [\"logs\"], \"batch_size\": 100001}"))
        .containsExactly("batch_size");
    assertThat(badFields("{\"data_types\": [\"logs\"], \"batch_size\": 3000000000}"))
        .containsExactly("batch_size");
  }

  @Test
  void every_bad_field_is_named() {
    assertThat(
            badFields(
                "{\"data_types\": [\"nope\"], \"start_date\": \"2024-13-01T00:00:00Z\", \"processes\": [\"\"],"
                    + " \"validation_level\": \"strictest\", \"output_format\": \"xlsx\", \"compression\": null, \"filters\": 3}"))
        .containsExactlyInAnyOrder(
            "data_types",
            "start_date",
            "processes",
            "validation_level",
            "output_format",
            "filters");
  }

  @Test
  void a_body_that_is_not_an_object_is_refused() {
    assertThatThrownBy(() -> parse("[1]"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("body");
  }

  @Test
  void the_stored_config_round_trips() {
    ExportConfigCodec codec = new ExportConfigCodec(JSON);
    ExportRequest r =
        parse(
            "{\"data_types\": [\"logs\"], \"start_date\": \"2024-03-03T02:00:00+02:00\", \"processes\": [\"we\\\"ird\"],"
                + " \"output_format\": \"csv\", \"compression\": true, \"filters\": {\"message\": \"a\", \"id\": [1, 2]}}");
    assertThat(codec.fromJsonText(codec.toJsonText(r))).isEqualTo(r);
  }

  @Test
  void a_bad_step_is_named_by_its_own_index_and_later_steps_are_not_misattributed() {
    assertThat(
            badFields(
                "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": ["
                    + "{\"op\": \"explode\"}, {\"op\": \"hash\", \"field\": \"message\"}]}}"))
        .containsExactly("transformations.logs[0].op");
    assertThat(
            badFields(
                "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": ["
                    + "{\"op\": \"hash\", \"field\": \"message\"}, {\"op\": \"drop\", \"fields\": [\"nope\"]}]}}"))
        .containsExactly("transformations.logs[1].fields");
  }

  @Test
  void absurd_lists_are_refused() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\"");
    }
    assertThat(badFields("{\"data_types\": [\"logs\"], \"processes\": [" + many + "]}"))
        .containsExactly("processes");
    assertThat(
            badFields("{\"data_types\": [\"logs\"], \"processes\": [\"" + "x".repeat(257) + "\"]}"))
        .containsExactly("processes");
  }

  @Test
  void compression_takes_the_original_booleans_and_codec_names_and_echoes_what_was_sent() {
    ExportConfigCodec codec = new ExportConfigCodec(JSON);
    for (String sent : List.of("true", "false", "\"gzip\"", "\"zstd\"", "\"none\"")) {
      ExportRequest r = parse("{\"data_types\": [\"logs\"], \"compression\": " + sent + "}");
      assertThat(codec.toJson(r).get("compression").toString()).isEqualTo(sent);
      assertThat(codec.fromJsonText(codec.toJsonText(r))).isEqualTo(r);
    }
    ExportRequest zstd =
        parse(
            "{\"data_types\": [\"logs\"], \"output_format\": \"csv\", \"compression\":"
                + " \"zstd\", \"compression_level\": 19}");
    assertThat(zstd.compression().codec()).isEqualTo(Compression.Codec.ZSTD);
    assertThat(zstd.compression().level()).isEqualTo(19);
    assertThat(zstd.fileName("logs")).isEqualTo("logs.csv.zst");
    assertThat(parse("{\"data_types\": [\"logs\"], \"compression\": true}").fileName("logs"))
        .isEqualTo("logs.json.gz");
  }

  @Test
  void a_compression_level_must_fit_its_codec() {
    assertThat(badFields("{\"data_types\": [\"logs\"], \"compression\": \"brotli\"}"))
        .containsExactly("compression");
    assertThat(badFields("{\"data_types\": [\"logs\"], \"compression\": 1}"))
        .containsExactly("compression");
    for (String bad :
        List.of(
            "\"gzip\", \"compression_level\": 10",
            "\"gzip\", \"compression_level\": 0",
            "\"zstd\", \"compression_level\": 20",
            "\"zstd\", \"compression_level\": 3.5",
            "\"zstd\", \"compression_level\": \"3\"",
            "true, \"compression_level\": 99999999999",
            "false, \"compression_level\": 3",
            "\"none\", \"compression_level\": 1")) {
      assertThat(badFields("{\"data_types\": [\"logs\"], \"compression\": " + bad + "}"))
          .as(bad)
          .containsExactly("compression_level");
    }
    assertThat(badFields("{\"data_types\": [\"logs\"], \"compression_level\": 3}"))
        .containsExactly("compression_level");
    assertThat(
            parse("{\"data_types\": [\"logs\"], \"compression\": true, \"compression_level\": 1}")
                .compression()
                .level())
        .isEqualTo(1);
  }

  @Test
  void formula_escaping_is_a_boolean_and_round_trips() {
    ExportRequest r =
        parse(
            "{\"data_types\": [\"logs\"], \"output_format\": \"csv\","
                + " \"csv_escape_formulas\": true}");
    assertThat(r.csvEscapeFormulas()).isTrue();
    assertThat(parse("{\"data_types\": [\"logs\"]}").csvEscapeFormulas()).isFalse();
    assertThat(badFields("{\"data_types\": [\"logs\"], \"csv_escape_formulas\": \"yes\"}"))
        .containsExactly("csv_escape_formulas");
    ExportConfigCodec codec = new ExportConfigCodec(JSON);
    assertThat(codec.fromJsonText(codec.toJsonText(r))).isEqualTo(r);
  }

  @Test
  void encryption_names_each_bad_part() {
    ExportRequest r =
        parse(
            "{\"data_types\": [\"logs\"], \"compression\": true, \"encryption\": {\"type\":"
                + " \"openpgp\", \"recipients\": [\"a\", \"b\"]}}");
    assertThat(r.encryption().recipients()).containsExactly("a", "b");
    assertThat(r.fileName("logs")).isEqualTo("logs.json.gz.pgp");
    ExportConfigCodec codec = new ExportConfigCodec(JSON);
    assertThat(codec.fromJsonText(codec.toJsonText(r))).isEqualTo(r);
    assertThat(badFields("{\"data_types\": [\"logs\"], \"encryption\": \"openpgp\"}"))
        .containsExactly("encryption");
    assertThat(
            badFields(
                "{\"data_types\": [\"logs\"], \"encryption\": {\"type\": \"aes\", \"recipients\":"
                    + " [], \"passphrase\": \"x\"}}"))
        .containsExactlyInAnyOrder(
            "encryption.passphrase", "encryption.type", "encryption.recipients");
    assertThat(
            badFields(
                "{\"data_types\": [\"logs\"], \"encryption\": {\"type\": \"openpgp\","
                    + " \"recipients\": [\"a\", 7, \"a\", \" \"]}}"))
        .containsExactly(
            "encryption.recipients[1]", "encryption.recipients[2]", "encryption.recipients[3]");
    assertThat(
            badFields(
                "{\"data_types\": [\"logs\"], \"encryption\": {\"type\": \"openpgp\","
                    + " \"recipients\": [\"\\u0000\"]}}"))
        .containsExactly("encryption.recipients[0]");
  }

  @Test
  void configs_stored_before_codecs_still_read() {
    ExportConfigCodec codec = new ExportConfigCodec(JSON);
    ExportRequest old =
        codec.fromJsonText(
            "{\"data_types\":[\"logs\"],\"start_date\":null,\"end_date\":null,"
                + "\"processes\":[],\"batch_size\":1000,\"include_metadata\":true,"
                + "\"validation_level\":\"basic\",\"output_format\":\"csv\","
                + "\"compression\":true,\"filters\":{},\"transformations\":{}}");
    assertThat(old.compression()).isEqualTo(Compression.GZIP);
    assertThat(old.csvEscapeFormulas()).isFalse();
    assertThat(old.encryption()).isNull();
    assertThat(old.fileName("logs")).isEqualTo("logs.csv.gz");
  }
}

package io.dataexporter.worker.assemble;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ColumnProfile;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Split;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.worker.source.ColumnKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DataCardTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");

  private static final List<CardField> LOG_FIELDS =
      List.of(
          new CardField("id", ColumnKind.INTEGER, "Unique id"),
          new CardField("timestamp", ColumnKind.TIMESTAMP, "When"),
          new CardField("level", ColumnKind.STRING, "Level | severity"),
          new CardField("ok", ColumnKind.BOOLEAN, null),
          new CardField("score", ColumnKind.DOUBLE, null),
          new CardField("metadata", ColumnKind.JSON, "Extra"));

  private static QualitySummary logsQuality(long records) {
    return new QualitySummary(
        records,
        Map.of("id", records, "timestamp", records, "level", records / 2, "metadata", 0L),
        Map.of(
            "id", new ColumnProfile(ColumnProfile.INTEGER, 1L, records, null, false),
            "timestamp",
                new ColumnProfile(
                    ColumnProfile.DATETIME,
                    "2024-01-01T00:00:00Z",
                    "2024-01-02T00:00:00Z",
                    null,
                    false),
            "level",
                new ColumnProfile(
                    ColumnProfile.TEXT, null, null, Map.of("INFO", records / 2), false)));
  }

  private static CardFacts facts(ExportJob job, List<ExportFile> files, List<String> splits) {
    Map<String, Map<String, QualitySummary>> quality = new LinkedHashMap<>();
    for (String split : splits) {
      quality.put(split, Map.of("logs", logsQuality(4), "anomalies", QualitySummary.EMPTY));
    }
    return new CardFacts(
        job,
        new ExportConfigCodec(JSON).toJson(job.config()),
        files,
        Map.of(
            "logs",
            LOG_FIELDS,
            "anomalies",
            List.of(new CardField("id", ColumnKind.INTEGER, null))),
        quality,
        Map.of("logs", new ValidationSummary(9, 8, 1, Map.of("message_required", 1L))),
        new PointInTime(0, AT, "1:2:"),
        AT,
        "Data team: ops@example.com",
        "cc-by-4.0");
  }

  private static ExportFile file(String type, String name, String split, String partition) {
    return new ExportFile(
        type, name, "exports/x/" + name, 100, 4, "ab", ExportFile.DATA, null, split, partition);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> frontMatter(byte[] card) {
    String text = new String(card, StandardCharsets.UTF_8);
    assertThat(text).startsWith("---\n");
    String yaml = text.substring(4, text.indexOf("\n---\n", 4));
    return new Yaml().load(yaml);
  }

  @Test
  void a_single_file_export_names_each_type_file_as_its_train_split() {
    ExportJob job =
        anExport()
            .withDataTypes("logs", "anomalies")
            .withFormat(OutputFormat.CSV)
            .compressed()
            .build();
    List<ExportFile> files =
        List.of(
            file("logs", "logs.csv.gz", null, null),
            new ExportFile(
                "logs", "rejected/logs.jsonl.gz", "k", 10, 1, "cd", ExportFile.REJECTED, null),
            file("anomalies", "anomalies.csv.gz", null, null));
    byte[] card = new DataCard(JSON).render(facts(job, files, List.of(CardFacts.NO_SPLIT)));
    Map<String, Object> yaml = frontMatter(card);
    assertThat(yaml.get("license")).isEqualTo("cc-by-4.0");
    assertThat((String) yaml.get("pretty_name")).contains(job.id().toString());
    assertThat((List<String>) (List<?>) yaml.get("tags")).contains("csv", "logs", "anomalies");
    List<Map<String, Object>> configs = (List<Map<String, Object>>) yaml.get("configs");
    assertThat(configs).hasSize(2);
    assertThat(configs.get(0))
        .containsEntry("config_name", "logs")
        .containsEntry("default", true)
        .containsEntry("data_files", List.of(Map.of("split", "train", "path", "logs.csv.gz")));
    assertThat(configs.get(1))
        .containsEntry("config_name", "anomalies")
        .doesNotContainKey("default")
        .containsEntry("data_files", List.of(Map.of("split", "train", "path", "anomalies.csv.gz")));

    String body = new String(card, StandardCharsets.UTF_8);
    assertThat(body)
        .contains("Data team: ops@example.com")
        .contains("taken at 2024-05-01T12:00:00Z")
        .contains("| `level` | string | Level \\| severity | 0.5000 |  |  | INFO (2) |")
        .contains("| `id` | integer | Unique id | 0.0000 | 1 | 4 |  |")
        .contains("| `metadata` | any | Extra | 1.0000 |")
        .contains("| train | logs | 1 | 4 | 100 | `logs.csv.gz` |")
        .contains("`rejected/logs.jsonl.gz` (1)")
        .contains("message_required: 1")
        .contains("\"output_format\" : \"csv\"");
  }

  @Test
  void a_split_parquet_export_globs_each_split_folder_and_schema_lists_every_data_file() {
    ExportRequest plain =
        anExport().withDataTypes("logs", "anomalies").withFormat(OutputFormat.PARQUET).request();
    ExportRequest request =
        withSplit(plain, new Split(Map.of("train", 0.8, "test", 0.2), null, "s"));
    ExportJob job = ExportJob.pending(java.util.UUID.randomUUID(), request, AT, "me");
    List<ExportFile> files = new ArrayList<>();
    for (String split : List.of("test", "train")) {
      files.add(
          file(
              "logs",
              split + "/logs/date=2024-01-01/part-00000.parquet",
              split,
              "date=2024-01-01"));
      files.add(
          file(
              "logs",
              split + "/logs/date=2024-01-02/part-00000.parquet",
              split,
              "date=2024-01-02"));
      files.add(file("anomalies", split + "/anomalies/part-00000.parquet", split, null));
    }
    CardFacts facts = facts(job, files, List.of("test", "train"));
    Map<String, Object> yaml = frontMatter(new DataCard(JSON).render(facts));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> configs = (List<Map<String, Object>>) yaml.get("configs");
    assertThat(configs.get(0).get("data_files"))
        .isEqualTo(
            List.of(
                Map.of("split", "test", "path", "test/logs/**/*.parquet"),
                Map.of("split", "train", "path", "train/logs/**/*.parquet")));
    assertThat(configs.get(1).get("data_files"))
        .isEqualTo(
            List.of(
                Map.of("split", "test", "path", "test/anomalies/**/*.parquet"),
                Map.of("split", "train", "path", "train/anomalies/**/*.parquet")));
    String body = new String(new DataCard(JSON).render(facts), StandardCharsets.UTF_8);
    assertThat(body)
        .contains("| `timestamp` | int64 (timestamp[us, UTC]) | When |")
        .contains("| test | logs | 2 | 8 | 200 | `test/logs/**/*.parquet` |")
        .contains("8 rows over all splits")
        .contains("test 0.2, train 0.8");

    JsonNode schema = JSON.readTree(new TableSchema(JSON).render(facts));
    assertThat(schema.get("profile").asString()).isEqualTo("data-package");
    assertThat(schema.get("name").asString()).isEqualTo("export-" + job.id());
    assertThat(schema.get("resources")).hasSize(files.size());
    JsonNode first = schema.get("resources").get(0);
    assertThat(first.get("path").asString())
        .isEqualTo("test/logs/date=2024-01-01/part-00000.parquet");
    assertThat(first.get("name").asString())
        .isEqualTo("test/logs/date-2024-01-01/part-00000.parquet");
    assertThat(first.get("format").asString()).isEqualTo("parquet");
    assertThat(first.get("mediatype").asString()).isEqualTo("application/vnd.apache.parquet");
    assertThat(first.has("compression")).isFalse();
    List<String> types = new ArrayList<>();
    first.get("schema").get("fields").forEach(f -> types.add(f.get("type").asString()));
    assertThat(types).containsExactly("integer", "datetime", "string", "boolean", "number", "any");
    assertThat(first.get("schema").get("fields").get(0).get("description").asString())
        .isEqualTo("Unique id");
    assertThat(first.get("schema").get("missingValues").get(0).asString()).isEmpty();
  }

  @Test
  void compressed_text_resources_say_their_codec_and_media_type() {
    ExportJob job =
        anExport()
            .withDataTypes("logs")
            .withFormat(OutputFormat.JSONL)
            .withCompression(new Compression(Compression.Codec.ZSTD, 3, true))
            .build();
    List<ExportFile> files = List.of(file("logs", "logs.jsonl.zst", null, null));
    JsonNode resource =
        JSON.readTree(new TableSchema(JSON).render(facts(job, files, List.of(""))))
            .get("resources")
            .get(0);
    assertThat(resource.get("compression").asString()).isEqualTo("zst");
    assertThat(resource.get("mediatype").asString()).isEqualTo("application/x-ndjson");
    assertThat(resource.get("hash").asString()).isEqualTo("sha256:ab");
  }

  @Test
  void awkward_text_in_the_front_matter_is_quoted_by_the_yaml_writer() {
    ExportJob job = anExport().withDataTypes("logs").build();
    CardFacts facts = facts(job, List.of(file("logs", "logs.json", null, null)), List.of(""));
    CardFacts odd =
        new CardFacts(
            facts.job(),
            facts.request(),
            facts.files(),
            facts.fields(),
            facts.quality(),
            facts.validation(),
            facts.moment(),
            facts.finishedAt(),
            null,
            "other: \"see\" # below\n- x");
    Map<String, Object> yaml = frontMatter(new DataCard(JSON).render(odd));
    assertThat(yaml.get("license")).isEqualTo("other: \"see\" # below\n- x");
  }

  static ExportRequest withSplit(ExportRequest r, Split split) {
    return new ExportRequest(
        r.dataTypes(),
        r.startDate(),
        r.endDate(),
        r.processes(),
        r.batchSize(),
        r.includeMetadata(),
        r.validationLevel(),
        r.outputFormat(),
        r.compression(),
        r.filters(),
        r.transformations(),
        r.csvEscapeFormulas(),
        r.encryption(),
        r.sample(),
        split,
        r.maxFileSize(),
        r.partitionBy());
  }

  @Test
  void values_cannot_escape_their_cell_or_the_request_fence() {
    assertThat(DataCard.cell("![x](http://evil) | `code` <b>"))
        .isEqualTo("\\!\\[x\\]\\(http://evil\\) \\| \\`code\\` &lt;b>");
    assertThat(DataCard.fenceFor("no ticks")).isEqualTo("```");
    assertThat(DataCard.fenceFor("a ```` b")).isEqualTo("`````");
  }

  @Test
  void a_split_without_rows_is_left_out_of_data_files_so_a_loader_takes_the_others() {
    ExportRequest request =
        withSplit(
            anExport().withDataTypes("logs").withFormat(OutputFormat.JSONL).request(),
            new Split(Map.of("train", 0.9, "test", 0.1), null, "s"));
    ExportJob job = ExportJob.pending(java.util.UUID.randomUUID(), request, AT, "me");
    List<ExportFile> files =
        List.of(
            new ExportFile(
                "logs",
                "test/logs/part-00000.jsonl",
                "k1",
                0,
                0,
                "ab",
                ExportFile.DATA,
                null,
                "test",
                null),
            new ExportFile(
                "logs",
                "train/logs/part-00000.jsonl",
                "k2",
                100,
                4,
                "ab",
                ExportFile.DATA,
                null,
                "train",
                null));
    Map<String, Object> yaml =
        frontMatter(new DataCard(JSON).render(facts(job, files, List.of("test", "train"))));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> configs = (List<Map<String, Object>>) yaml.get("configs");
    assertThat(configs.get(0).get("data_files"))
        .isEqualTo(List.of(Map.of("split", "train", "path", "train/logs/**/*.jsonl")));
  }

  @Test
  void an_encrypted_exports_card_shows_no_values() {
    ExportRequest request =
        anExport().withDataTypes("logs").withFormat(OutputFormat.CSV).encryptedTo("k").request();
    ExportJob job = ExportJob.pending(java.util.UUID.randomUUID(), request, AT, "me");
    String card =
        new String(
            new DataCard(JSON)
                .render(
                    facts(
                        job,
                        List.of(file("logs", "logs.csv.pgp", null, null)),
                        List.of(CardFacts.NO_SPLIT))),
            StandardCharsets.UTF_8);
    String plain =
        new String(
            new DataCard(JSON)
                .render(
                    facts(
                        ExportJob.pending(
                            java.util.UUID.randomUUID(),
                            anExport().withDataTypes("logs").withFormat(OutputFormat.CSV).request(),
                            AT,
                            "me"),
                        List.of(file("logs", "logs.csv", null, null)),
                        List.of(CardFacts.NO_SPLIT))),
            StandardCharsets.UTF_8);
    assertThat(card).contains("no values (min, max, top values) are shown");
    assertThat(plain).doesNotContain("no values (min, max, top values) are shown");
    // the plain card's profile values (INFO is a top value of level, 2024-01-02 a max) are
    // absent from the other
    assertThat(plain).contains("INFO (2)").contains("2024-01-02T00:00:00Z");
    assertThat(card).doesNotContain("INFO (").doesNotContain("2024-01-02T00:00:00Z");
  }
}

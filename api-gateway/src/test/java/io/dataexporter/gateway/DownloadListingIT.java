package io.dataexporter.gateway;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.PartitionBy;
import io.dataexporter.job.Split;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The listing of a multi-file export (splits, partitions, Parquet parts, the data card and schema),
 * from jobs stored through the repository as the workers store them.
 */
class DownloadListingIT {
  private static final String OWNER = "dora";
  private static RunningGateway gateway;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    token = gateway.userToken(OWNER);
  }

  @Test
  void a_split_and_partitioned_export_lists_every_file_with_its_path_split_and_partition()
      throws Exception {
    UUID id = completed(splitParquetRequest(), splitParquetFiles());
    JsonNode listing = ok(gateway.send("GET", "/api/v1/export/download/" + id, null, token));

    List<String> paths = new ArrayList<>();
    listing.get("files").forEach(f -> paths.add(f.get("path").stringValue()));
    assertThat(paths)
        .containsExactly(
            "test/logs/date=2024-01-01/part-00000.parquet",
            "train/logs/date=2024-01-01/part-00000.parquet",
            "train/logs/date=2024-01-02/part-00000.parquet",
            "train/ips/date=2024-01-01/part-00000.parquet",
            "rejected/logs.jsonl",
            "README.md",
            "schema.json");
    JsonNode second = listing.get("files").get(1);
    assertThat(second.get("name").stringValue()).isEqualTo(second.get("path").stringValue());
    assertThat(second.get("data_type").stringValue()).isEqualTo("logs");
    assertThat(second.get("kind").stringValue()).isEqualTo("data");
    assertThat(second.get("split").stringValue()).isEqualTo("train");
    assertThat(second.get("partition").stringValue()).isEqualTo("date=2024-01-01");
    assertThat(second.get("records").longValue()).isEqualTo(10);

    JsonNode rejected = listing.get("files").get(4);
    assertThat(rejected.get("kind").stringValue()).isEqualTo("rejected");
    assertThat(rejected.get("split").isNull()).isTrue();
    assertThat(rejected.get("partition").isNull()).isTrue();

    JsonNode card = listing.get("files").get(5);
    JsonNode schema = listing.get("files").get(6);
    assertThat(card.get("kind").stringValue()).isEqualTo("card");
    assertThat(schema.get("kind").stringValue()).isEqualTo("schema");
    assertThat(card.get("data_type").isNull()).isTrue();
    assertThat(schema.get("data_type").isNull()).isTrue();
    assertThat(listing.get("card_url").stringValue())
        .isEqualTo(card.get("url").stringValue())
        .contains("/exports/" + id + "/README.md");
    assertThat(listing.get("schema_url").stringValue())
        .isEqualTo(schema.get("url").stringValue())
        .contains("/exports/" + id + "/schema.json");
    assertThat(listing.get("manifest_url").stringValue()).contains("manifest.json");
    // the stored export's config echoes the options as sent
    JsonNode config =
        ok(gateway.send("GET", "/api/v1/export/" + id + "/status", null, token)).get("config");
    assertThat(config.get("partition_by").stringValue()).isEqualTo("day");
    assertThat(config.get("split").get("ratios").get("train").doubleValue()).isEqualTo(0.8);
    assertThat(config.get("output_format").stringValue()).isEqualTo("parquet");
  }

  @Test
  void a_data_type_with_several_files_is_a_409_naming_the_listing() throws Exception {
    UUID id = completed(splitParquetRequest(), splitParquetFiles());
    HttpResponse<String> response =
        gateway.send("GET", "/api/v1/export/download/" + id + "?data_type=logs", null, token);
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = gateway.jsonOf(response);
    assertThat(problem.get("detail").stringValue())
        .isEqualTo("logs has 3 files: list them at /api/v1/export/download/" + id);
    assertThat(problem.get("listing").stringValue()).isEqualTo("/api/v1/export/download/" + id);
    assertThat(problem.get("status").intValue()).isEqualTo(409);
  }

  @Test
  void a_data_type_written_as_one_file_still_redirects_to_it() throws Exception {
    UUID id = completed(splitParquetRequest(), splitParquetFiles());
    HttpResponse<String> ips =
        gateway.send("GET", "/api/v1/export/download/" + id + "?data_type=ips", null, token);
    assertThat(ips.statusCode()).isEqualTo(302);
    assertThat(
            java.net.URLDecoder.decode(
                ips.headers().firstValue("Location").orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8))
        .contains("/exports/" + id + "/train/ips/date=2024-01-01/part-00000.parquet");
    // the card is no data file of any type
    assertThat(
            gateway
                .send("GET", "/api/v1/export/download/" + id + "?data_type=anomalies", null, token)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void a_single_file_export_lists_as_before_without_card_or_schema() throws Exception {
    ExportRequest request = anExport().withFormat(OutputFormat.CSV).request();
    UUID id =
        completed(
            request, List.of(new ExportFile("logs", "logs.csv", null, 120, 3, "ab", "data", null)));
    JsonNode listing = ok(gateway.send("GET", "/api/v1/export/download/" + id, null, token));
    JsonNode file = listing.get("files").get(0);
    assertThat(file.get("path").stringValue()).isEqualTo("logs.csv");
    assertThat(file.get("split").isNull()).isTrue();
    assertThat(file.get("partition").isNull()).isTrue();
    assertThat(listing.get("card_url").isNull()).isTrue();
    assertThat(listing.get("schema_url").isNull()).isTrue();
    assertThat(
            gateway
                .send("GET", "/api/v1/export/download/" + id + "?data_type=logs", null, token)
                .statusCode())
        .isEqualTo(302);
  }

  private static ExportRequest splitParquetRequest() {
    return anExport()
        .withDataTypes("logs", "ips")
        .withFormat(OutputFormat.PARQUET)
        .request()
        .withDatasetOptions(
            null, new Split(Map.of("train", 0.8, "test", 0.2), null, "s"), null, PartitionBy.DAY);
  }

  /** As the finalization lists them: split order, then type, then partition. */
  private static List<ExportFile> splitParquetFiles() {
    return List.of(
        data("logs", "test", "date=2024-01-01", 4),
        data("logs", "train", "date=2024-01-01", 10),
        data("logs", "train", "date=2024-01-02", 6),
        data("ips", "train", "date=2024-01-01", 2),
        new ExportFile("logs", "rejected/logs.jsonl", null, 30, 1, "cc", "rejected", null),
        new ExportFile(null, "README.md", null, 900, 0, "dd", ExportFile.CARD, null),
        new ExportFile(null, "schema.json", null, 700, 0, "ee", ExportFile.SCHEMA, null));
  }

  private static ExportFile data(String type, String split, String partition, long records) {
    String path = split + "/" + type + "/" + partition + "/part-00000.parquet";
    return new ExportFile(
        type, path, null, 100 * records, records, "ff", "data", null, split, partition);
  }

  /**
   * Stores a completed export of {@code request} owned by the test's caller, with {@code files}.
   */
  private static UUID completed(ExportRequest request, List<ExportFile> files) {
    ExportJobRepository jobs = gateway.context.getBean(ExportJobRepository.class);
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    jobs.insert(ExportJob.pending(id, request, now, OWNER));
    List<ExportFile> keyed =
        files.stream()
            .map(
                f ->
                    new ExportFile(
                        f.dataType(),
                        f.name(),
                        "exports/" + id + "/" + f.name(),
                        f.size(),
                        f.records(),
                        f.sha256(),
                        f.kind(),
                        f.sha256Plaintext(),
                        f.split(),
                        f.partition()))
            .toList();
    assertThat(jobs.move(id, ExportStatus.PENDING, ExportStatus.RUNNING, now)).isTrue();
    assertThat(jobs.move(id, ExportStatus.RUNNING, ExportStatus.FINALIZING, now)).isTrue();
    assertThat(jobs.complete(id, keyed, "exports/" + id + "/manifest.json", Map.of(), now))
        .isTrue();
    return id;
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return gateway.json.readTree(response.body());
  }
}

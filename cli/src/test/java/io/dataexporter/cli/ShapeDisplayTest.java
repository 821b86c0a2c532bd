package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How status, list and templates show a codec, encryption and filters from an export's config. */
class ShapeDisplayTest {
  private static final String ID = "11111111-2222-3333-4444-555555555555";
  private static final String EXPORT =
      """
      {"export_id": "%s", "status": "completed", "created_at": "2026-11-29T10:00:00Z",
       "data_types": ["logs"], "output_format": "csv", "is_compressed": true,
       "total_records": 3, "total_size": 100, "record_counts": {}, "file_sizes": {},
       "validation": {}, "config": %s}""";

  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun status(String config) {
    server.json("GET", "/api/v1/export/" + ID + "/status", 200, EXPORT.formatted(ID, config));
    return CliRun.run("status", ID, "--url", server.url());
  }

  @Test
  void status_names_the_codec_the_encryption_and_the_filters() {
    assertThat(
            status(
                    """
                    {"compression": "zstd", "filters": {"level": ["ERROR"]},
                     "encryption": {"type": "openpgp", "recipients": ["k"]}}""")
                .out())
        .contains("format      csv (zstd, OpenPGP)")
        .contains("filters     {\"level\":[\"ERROR\"]}");
    assertThat(status("{\"compression\": true, \"filters\": {}}").out())
        .contains("format      csv (gzip)\n")
        .doesNotContain("filters");
    assertThat(status("{\"compression\": \"none\"}").out()).contains("format      csv\n");
    assertThat(status("null").out()).as("no config: is_compressed").contains("csv (gzip)");
  }

  @Test
  void list_and_templates_show_the_files_suffix() {
    server.json(
        "GET",
        "/api/v1/export/?limit=20&offset=0",
        200,
        "{\"items\": ["
            + EXPORT.formatted(
                ID,
                "{\"compression\": \"zstd\", \"encryption\": {\"type\": \"openpgp\","
                    + " \"recipients\": [\"k\"]}}")
            + "], \"total\": 1, \"limit\": 20, \"offset\": 0}");
    server.json(
        "GET",
        "/api/v1/export/templates?limit=100&offset=0",
        200,
        """
        {"items": [{"template_id": "t1", "name": "zstd csv", "owner": "alice",
          "updated_at": "2026-11-29T10:00:00Z",
          "config": {"data_types": ["logs"], "output_format": "csv", "compression": "zstd"}},
         {"template_id": "t2", "name": "old", "owner": "alice",
          "updated_at": "2026-11-29T10:00:00Z",
          "config": {"data_types": ["logs"], "output_format": "json", "compression": true}}],
         "total": 2, "limit": 100, "offset": 0}""");

    assertThat(CliRun.run("list", "--url", server.url()).out()).contains("csv.zst.pgp");
    CliRun templates = CliRun.run("templates", "--url", server.url());
    assertThat(templates.out()).contains("csv.zst ").contains("json.gz ");
  }
}

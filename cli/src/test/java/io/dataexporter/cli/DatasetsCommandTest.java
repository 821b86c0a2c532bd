package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code datasets}: the columns and filter operators of each data type. */
class DatasetsCommandTest {
  private static final String DATASETS =
      """
      {"items": [
        {"name": "logs", "time_column": "timestamp", "id_column": "id", "columns": [
          {"name": "id", "type": "integer", "filter_operators": ["eq", "ne", "in"]},
          {"name": "timestamp", "type": "timestamp", "filter_operators": ["gt", "lt"]},
          {"name": "level", "type": "text", "filter_operators": ["eq", "in", "prefix"]}]},
        {"name": "ips", "time_column": "seen_at", "id_column": "id", "columns": [
          {"name": "source_ip", "type": "inet", "filter_operators": ["eq", "within"]}]}]}""";

  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer().json("GET", "/api/v1/datasets", 200, DATASETS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void datasets_prints_one_row_per_column_with_its_type_role_and_operators() {
    CliRun run = CliRun.run("datasets", "--url", server.url());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly(
            "DATASET  COLUMN     TYPE       ROLE  OPERATORS",
            "logs     id         integer    id    eq,ne,in",
            "logs     timestamp  timestamp  time  gt,lt",
            "logs     level      text             eq,in,prefix",
            "ips      source_ip  inet             eq,within");
  }

  @Test
  void datasets_with_names_shows_only_those_and_json_the_servers_answer() {
    CliRun ips = CliRun.run("datasets", "ips", "--url", server.url());
    assertThat(ips.out()).contains("source_ip").doesNotContain("level");
    CliRun json = CliRun.run("datasets", "--json", "--url", server.url());
    JsonMapper mapper = JsonMapper.builder().build();
    assertThat(mapper.readTree(json.out())).isEqualTo(mapper.readTree(DATASETS));
  }
}

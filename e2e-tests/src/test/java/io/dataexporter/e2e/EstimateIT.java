package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Estimates come from planner statistics and land within 10 % of the real counts. */
class EstimateIT {
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @ParameterizedTest(name = "{0} {1}..{2} processes={3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "logs|-|-|-",
        "logs|2024-03-02T00:00:00Z|2024-03-05T12:00:00+02:00|-",
        "logs|-|-|nginx",
        "logs|2024-03-03T00:00:00Z|-|sshd",
        "anomalies|2024-03-02T00:00:00Z|2024-03-06T00:00:00Z|-",
        "ips|-|2024-03-03T00:00:00Z|-"
      })
  void the_estimate_is_within_ten_percent_of_the_actual_count(
      String type, String start, String end, String process) throws Exception {
    String body =
        "{\"data_types\": [\""
            + type
            + "\"]"
            + (start == null ? "" : ", \"start_date\": \"" + start + "\"")
            + (end == null ? "" : ", \"end_date\": \"" + end + "\"")
            + (process == null ? "" : ", \"processes\": [\"" + process + "\"]")
            + "}";
    long jobsBefore = jobCount();
    HttpResponse<String> response = system.post("/estimate", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode estimate = system.parse(response).get("data_types").get(type);
    long actual = count(type, start, end, process);
    assertThat((double) estimate.get("records").longValue()).isBetween(actual * 0.9, actual * 1.1);
    assertThat(estimate.get("method").stringValue()).isEqualTo("statistics");
    assertThat(estimate.get("bytes").longValue()).isPositive();
    JsonNode shards = estimate.get("shards");
    assertThat(shards.size())
        .isGreaterThanOrEqualTo(actual > RunningSystem.SHARD_TARGET_ROWS ? 2 : 1);
    assertThat(shards.get(0).get("range_start").isNull()).isEqualTo(start == null);
    assertThat(shards.get(shards.size() - 1).get("range_end").isNull()).isEqualTo(end == null);
    assertThat(jobCount()).as("an estimate stores nothing").isEqualTo(jobsBefore);
  }

  private static long count(String type, String start, String end, String process)
      throws Exception {
    String time =
        switch (type) {
          case "logs" -> "\"timestamp\"";
          case "anomalies" -> "detected_at";
          default -> "last_seen";
        };
    String sql =
        "SELECT count(*) FROM public."
            + type
            + " WHERE (?::timestamptz IS NULL OR "
            + time
            + " >= ?::timestamptz)"
            + " AND (?::timestamptz IS NULL OR "
            + time
            + " < ?::timestamptz)"
            + (type.equals("ips")
                ? " AND ?::text IS NULL AND ?::text IS NULL"
                : " AND (?::text IS NULL OR process = ?::text)");
    try (Connection c = system.services.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      OffsetDateTime from = start == null ? null : OffsetDateTime.parse(start);
      OffsetDateTime to = end == null ? null : OffsetDateTime.parse(end);
      ps.setObject(1, from);
      ps.setObject(2, from);
      ps.setObject(3, to);
      ps.setObject(4, to);
      ps.setString(5, process);
      ps.setString(6, process);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long jobCount() throws Exception {
    try (Connection c = system.services.connect();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM exporter.export_jobs")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

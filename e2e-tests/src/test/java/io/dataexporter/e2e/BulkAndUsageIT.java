package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bulk cancel and delete, item by item, and usage figures against what the exports produced. */
class BulkAndUsageIT {
  private static final String SLOW =
      "{\"data_types\": [\"big_events\"], \"output_format\": \"csv\"}";
  static RunningSystem system;
  static ObjectStore store;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    store = system.getStore();
  }

  @Test
  void bulk_cancel_and_delete_handle_each_export_on_its_own() throws Exception {
    String[] alice = system.newUser("alice");
    String[] bob = system.newUser("bob");
    String running = submit(SLOW, alice[1]);
    String completed = submit("{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}", alice[1]);
    String bobs = submit("{\"data_types\": [\"ips\"]}", bob[1]);
    system.awaitFinished(completed, Duration.ofMinutes(1));
    system.awaitFinished(bobs, Duration.ofMinutes(1));
    String unknown = UUID.randomUUID().toString();

    JsonNode cancel = bulk(alice[1], "cancel", running, completed, bobs, running, unknown);
    assertThat(cancel.get("action").stringValue()).isEqualTo("cancel");
    assertThat(outcomes(cancel))
        .containsExactly(
            Map.entry(running, "cancelled:200"),
            Map.entry(completed, "conflict:409"),
            Map.entry(bobs, "not_found:404"),
            Map.entry(unknown, "not_found:404"));
    assertThat(cancel.get("succeeded").intValue()).isEqualTo(1);
    assertThat(cancel.get("failed").intValue()).isEqualTo(3);
    assertThat(cancel.get("results").get(1).get("detail").stringValue()).contains("completed");
    assertThat(cancel.get("results").get(0).has("detail")).isFalse();
    assertThat(status(running)).isEqualTo("cancelled");
    assertThat(status(completed)).isEqualTo("completed");
    assertThat(status(bobs)).isEqualTo("completed");

    String url =
        system
            .parse(system.get("/download/" + completed, alice[1]))
            .get("files")
            .get(0)
            .get("url")
            .stringValue();
    assertThat(store.list(ObjectKeys.exportPrefix(UUID.fromString(completed)))).isNotEmpty();
    JsonNode delete = bulk(alice[1], "delete", completed, bobs, running);
    assertThat(outcomes(delete))
        .containsExactly(
            Map.entry(completed, "deleted:200"),
            Map.entry(bobs, "not_found:404"),
            Map.entry(running, "deleted:200"));
    assertThat(delete.get("results").get(0).get("freed_bytes").longValue()).isPositive();
    assertThat(delete.get("succeeded").intValue()).isEqualTo(2);
    assertThat(delete.get("failed").intValue()).isEqualTo(1);
    for (String gone : List.of(completed, running)) {
      assertThat(system.get("/" + gone + "/status").statusCode()).isEqualTo(404);
      String prefix = ObjectKeys.exportPrefix(UUID.fromString(gone));
      assertThat(store.list(prefix)).as("objects of " + gone).isEmpty();
    }
    HttpResponse<String> fetched =
        system.http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(fetched.statusCode()).isEqualTo(404);
    assertThat(status(bobs)).isEqualTo("completed");
    assertThat(store.list(ObjectKeys.exportPrefix(UUID.fromString(bobs)))).isNotEmpty();

    // audited as the single routes audit
    assertThat(auditTotal(alice[0], "export_cancelled")).isEqualTo(1);
    assertThat(auditTotal(alice[0], "export_deleted")).isEqualTo(2);
    assertThat(auditTotal(alice[0], "access_denied_not_owner")).isEqualTo(2);
  }

  @Test
  void an_admin_acts_on_everyones_exports_in_bulk() throws Exception {
    String[] carol = system.newUser("carol");
    String hers = submit(SLOW, carol[1]);
    JsonNode cancel = bulk(RunningSystem.ADMIN_TOKEN, "cancel", hers);
    assertThat(outcomes(cancel)).containsExactly(Map.entry(hers, "cancelled:200"));
    JsonNode delete = bulk(RunningSystem.ADMIN_TOKEN, "delete", hers);
    assertThat(outcomes(delete)).containsExactly(Map.entry(hers, "deleted:200"));
  }

  @Test
  void a_bad_bulk_request_is_a_400_naming_the_field_and_does_nothing() throws Exception {
    String[] dan = system.newUser("dan");
    String running = submit(SLOW, dan[1]);
    String tooMany =
        IntStream.range(0, 101)
            .mapToObj(i -> "\"" + (i == 0 ? running : UUID.randomUUID().toString()) + "\"")
            .collect(Collectors.joining(","));
    Map<String, String> bodies = new HashMap<>();
    bodies.put("{\"action\": \"stop\", \"export_ids\": [\"" + running + "\"]}", "action");
    bodies.put("{\"export_ids\": [\"" + running + "\"]}", "action");
    bodies.put(
        "{\"action\": \"cancel\", \"export_ids\": [\"" + running + "\", \"nope\"]}",
        "export_ids[1]");
    bodies.put("{\"action\": \"cancel\", \"export_ids\": []}", "export_ids");
    bodies.put("{\"action\": \"cancel\"}", "export_ids");
    bodies.put("{\"action\": \"delete\", \"export_ids\": [" + tooMany + "]}", "export_ids");
    bodies.put("[1, 2]", "body");
    for (Map.Entry<String, String> bad : bodies.entrySet()) {
      HttpResponse<String> r = system.post("/bulk", bad.getKey(), dan[1]);
      assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      List<String> fields = new ArrayList<>();
      system.parse(r).get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
      assertThat(fields).as(bad.getKey()).contains(bad.getValue());
    }
    assertThat(status(running)).isIn("pending", "running");
    assertThat(auditTotal(dan[0], "export_cancelled")).isZero();
    assertThat(
            system
                .post(
                    "/bulk",
                    "{\"action\": \"cancel\", \"export_ids\": [\"" + running + "\"]}",
                    null)
                .statusCode())
        .isEqualTo(401);
    assertThat(outcomes(bulk(dan[1], "cancel", running)))
        .containsExactly(Map.entry(running, "cancelled:200"));
  }

  @Test
  void usage_counts_what_the_exports_produced_per_user_data_type_and_period() throws Exception {
    String[] erin = system.newUser("erin");
    String[] frank = system.newUser("frank");
    String both =
        submit("{\"data_types\": [\"ips\", \"logs\"], \"output_format\": \"csv\"}", erin[1]);
    String ips = submit("{\"data_types\": [\"ips\"], \"output_format\": \"jsonl\"}", erin[1]);
    String franks = submit("{\"data_types\": [\"logs\"]}", frank[1]);
    List<JsonNode> erins = new ArrayList<>();
    for (String id : List.of(both, ips)) {
      JsonNode done = system.awaitFinished(id, Duration.ofMinutes(1));
      assertThat(done.get("status").stringValue()).isEqualTo("completed");
      erins.add(done);
    }
    system.awaitFinished(franks, Duration.ofMinutes(1));
    LocalDate day = createdOn(erins.get(0));
    assertThat(createdOn(erins.get(1))).isEqualTo(day);

    JsonNode usage = system.parse(usage("", erin[1]));
    assertThat(usage.get("bucket").stringValue()).isEqualTo("day");
    assertThat(usage.get("user").stringValue()).isEqualTo(erin[0]);
    assertThat(LocalDate.parse(usage.get("from").stringValue()))
        .isEqualTo(LocalDate.parse(usage.get("to").stringValue()).minusDays(29));
    Map<String, JsonNode> items = byType(usage, day);
    assertThat(items.keySet()).containsExactlyInAnyOrder(erin[0] + "/ips", erin[0] + "/logs");
    assertThat(usage.get("items").valueStream().map(i -> i.get("user").stringValue()))
        .containsOnly(erin[0]);
    JsonNode ipsRow = items.get(erin[0] + "/ips");
    assertThat(ipsRow.get("exports").longValue()).isEqualTo(2);
    assertThat(ipsRow.get("completed").longValue()).isEqualTo(2);
    assertThat(ipsRow.get("records").longValue()).isEqualTo(sum(erins, "record_counts", "ips"));
    assertThat(ipsRow.get("bytes").longValue()).isEqualTo(sum(erins, "file_sizes", "ips"));
    assertThat(ipsRow.get("records").longValue()).isPositive();
    JsonNode logsRow = items.get(erin[0] + "/logs");
    assertThat(logsRow.get("exports").longValue()).isEqualTo(1);
    assertThat(logsRow.get("records").longValue()).isEqualTo(sum(erins, "record_counts", "logs"));
    assertThat(logsRow.get("bytes").longValue()).isEqualTo(sum(erins, "file_sizes", "logs"));
    long bothMs = millis(erins.get(0));
    assertThat(logsRow.get("duration_ms").longValue()).isBetween(bothMs - 1, bothMs + 1);
    assertThat(ipsRow.get("duration_ms").longValue())
        .isBetween(bothMs + millis(erins.get(1)) - 2, bothMs + millis(erins.get(1)) + 2);
    assertThat(ipsRow.get("avg_duration_ms").longValue())
        .isEqualTo(ipsRow.get("duration_ms").longValue() / 2);
    JsonNode totals = usage.get("totals");
    assertThat(totals.get("exports").longValue()).as("each export once").isEqualTo(2);
    assertThat(totals.get("completed").longValue()).isEqualTo(2);
    assertThat(totals.get("records").longValue())
        .isEqualTo(erins.stream().mapToLong(e -> e.get("total_records").longValue()).sum());
    assertThat(totals.get("bytes").longValue())
        .isEqualTo(erins.stream().mapToLong(e -> e.get("total_size").longValue()).sum());
    assertThat(totals.get("duration_ms").longValue())
        .isEqualTo(ipsRow.get("duration_ms").longValue());

    // an admin sees everyone's, or one user's exactly as that user does
    JsonNode all = system.parse(usage("", RunningSystem.ADMIN_TOKEN));
    assertThat(all.get("user").isNull()).isTrue();
    assertThat(byType(all, day).keySet())
        .contains(erin[0] + "/ips", erin[0] + "/logs", frank[0] + "/logs");
    JsonNode hers = system.parse(usage("?user=" + erin[0], RunningSystem.ADMIN_TOKEN));
    assertThat(hers.get("items")).isEqualTo(usage.get("items"));
    assertThat(hers.get("totals")).isEqualTo(totals);
    HttpResponse<String> peek = usage("?user=" + frank[0], erin[1]);
    assertThat(peek.statusCode()).isEqualTo(403);
    assertThat(peek.body()).contains("\"user\"");
    assertThat(system.parse(usage("?user=" + erin[0], erin[1])).get("items"))
        .isEqualTo(usage.get("items"));

    // buckets start on Monday and on the 1st; a range without the exports is empty
    LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    JsonNode weekly = system.parse(usage("?bucket=week&from=" + day + "&to=" + day, erin[1]));
    assertThat(byType(weekly, monday).get(erin[0] + "/ips").get("records").longValue())
        .isEqualTo(ipsRow.get("records").longValue());
    JsonNode monthly = system.parse(usage("?bucket=month&from=" + day + "&to=" + day, erin[1]));
    assertThat(byType(monthly, day.withDayOfMonth(1)).keySet()).hasSize(2);
    JsonNode before =
        system.parse(usage("?from=" + day.minusDays(3) + "&to=" + day.minusDays(1), erin[1]));
    assertThat(before.get("items")).isEmpty();
    assertThat(before.get("totals").get("exports").longValue()).isZero();
    assertThat(before.get("totals").get("avg_duration_ms").isNull()).isTrue();
  }

  @Test
  void bad_usage_parameters_are_a_400_naming_the_field() throws Exception {
    Map<String, String> queries =
        Map.of(
            "?bucket=year", "bucket",
            "?from=2026-13-01", "from",
            "?to=yesterday", "to",
            "?from=2026-11-02&to=2026-11-01", "from",
            "?from=2025-01-01&to=2026-02-05", "to");
    for (Map.Entry<String, String> bad : queries.entrySet()) {
      HttpResponse<String> r = usage(bad.getKey(), RunningSystem.ADMIN_TOKEN);
      assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(400);
      assertThat(system.parse(r).get("errors").get(0).get("field").stringValue())
          .as(bad.getKey())
          .isEqualTo(bad.getValue());
    }
    assertThat(usage("?from=2025-01-01&to=2026-02-04", RunningSystem.ADMIN_TOKEN).statusCode())
        .as("400 days")
        .isEqualTo(200);
    assertThat(usage("", null).statusCode()).isEqualTo(401);
  }

  private static String submit(String body, String token) throws Exception {
    HttpResponse<String> r = system.post("/", body, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return system.parse(r).get("export_id").stringValue();
  }

  private static JsonNode bulk(String token, String action, String... ids) throws Exception {
    String list =
        java.util.Arrays.stream(ids).map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
    HttpResponse<String> r =
        system.post(
            "/bulk", "{\"action\": \"" + action + "\", \"export_ids\": [" + list + "]}", token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return system.parse(r);
  }

  /** Each result as id → "outcome:status", in answer order. */
  private static List<Map.Entry<String, String>> outcomes(JsonNode response) {
    List<Map.Entry<String, String>> outcomes = new ArrayList<>();
    for (JsonNode item : response.get("results")) {
      outcomes.add(
          Map.entry(
              item.get("export_id").stringValue(),
              item.get("outcome").stringValue() + ":" + item.get("status").intValue()));
    }
    return outcomes;
  }

  private static String status(String id) throws Exception {
    return system.parse(system.get("/" + id + "/status")).get("status").stringValue();
  }

  private static long auditTotal(String actor, String action) throws Exception {
    return system
        .parse(system.get("/api/v1/admin/audit?limit=1&actor=" + actor + "&action=" + action))
        .get("total")
        .longValue();
  }

  private static HttpResponse<String> usage(String query, String token) throws Exception {
    return system.get("/usage" + query, token);
  }

  /** The items of one period, keyed user/data_type. */
  private static Map<String, JsonNode> byType(JsonNode usage, LocalDate period) {
    Map<String, JsonNode> items = new HashMap<>();
    for (JsonNode item : usage.get("items")) {
      if (item.get("period").stringValue().equals(period.toString())) {
        items.put(item.get("user").stringValue() + "/" + item.get("data_type").stringValue(), item);
      }
    }
    return items;
  }

  private static long sum(List<JsonNode> exports, String field, String dataType) {
    return exports.stream().mapToLong(e -> e.get(field).path(dataType).asLong(0)).sum();
  }

  private static LocalDate createdOn(JsonNode status) {
    return OffsetDateTime.parse(status.get("created_at").stringValue())
        .withOffsetSameInstant(ZoneOffset.UTC)
        .toLocalDate();
  }

  private static long millis(JsonNode status) {
    return Duration.between(
            OffsetDateTime.parse(status.get("created_at").stringValue()),
            OffsetDateTime.parse(status.get("completed_at").stringValue()))
        .toMillis();
  }
}

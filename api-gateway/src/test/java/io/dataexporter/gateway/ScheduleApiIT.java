package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The schedule API against the running gateway (no worker: exports stay pending): its routes, the
 * rules of its body, ownership, pause and resume, run now, backfill and next fire times.
 */
class ScheduleApiIT {
  private static final String SCHEDULES = "/api/v1/schedules";
  private static RunningGateway gateway;
  private static String owner;
  private static String other;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    owner = gateway.userToken("sched-olga");
    other = gateway.userToken("sched-pete");
  }

  @Test
  void a_schedule_is_created_read_listed_replaced_and_deleted() throws Exception {
    String token = gateway.userToken("sched-quinn");
    HttpResponse<String> created =
        gateway.send(
            "POST",
            SCHEDULES,
            """
            {"name": "nightly logs", "cron": "0 2 * * *", "timezone": "Europe/Berlin",
             "mode": "window", "window": "P1D", "lag": "PT15M",
             "export": {"data_types": ["logs"], "output_format": "csv"},
             "webhook": {"url": "http://10.9.0.5/exports", "secret": "s3cret"}}
            """,
            token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode schedule = gateway.jsonOf(created);
    String id = schedule.get("schedule_id").stringValue();
    assertThat(created.headers().firstValue("Location")).hasValue(SCHEDULES + "/" + id);
    assertThat(schedule.get("name").stringValue()).isEqualTo("nightly logs");
    assertThat(schedule.get("owner").stringValue()).isEqualTo("sched-quinn");
    assertThat(schedule.get("mode").stringValue()).isEqualTo("window");
    assertThat(schedule.get("window").stringValue()).isEqualTo("P1D");
    assertThat(schedule.get("lag").stringValue()).isEqualTo("PT15M");
    assertThat(schedule.get("misfire").stringValue()).isEqualTo("run_once");
    assertThat(schedule.get("timezone").stringValue()).isEqualTo("Europe/Berlin");
    assertThat(schedule.get("enabled").booleanValue()).isTrue();
    assertThat(schedule.get("export").get("output_format").stringValue()).isEqualTo("csv");
    assertThat(schedule.get("export").get("start_date").isNull()).isTrue();
    assertThat(schedule.get("webhook").get("secret_set").booleanValue()).isTrue();
    assertThat(schedule.get("webhook").has("secret")).isFalse();
    assertThat(created.body()).doesNotContain("s3cret");
    assertThat(schedule.get("last_run").isNull()).isTrue();
    Instant next = Instant.parse(schedule.get("next_run_at").stringValue());
    assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));
    // 02:00 in Berlin is 00:00 or 01:00 UTC
    assertThat(next.toString()).matches(".*T0[01]:00:00Z");

    JsonNode got = gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, token));
    assertThat(got).isEqualTo(schedule);

    // a PUT that sends the webhook back without its secret field keeps the secret; null drops it
    String keep =
        """
        {"name": "nightly logs", "cron": "0 2 * * *", "timezone": "Europe/Berlin",
         "mode": "window", "window": "P1D", "export": {"data_types": ["logs"]},
         "webhook": {"url": "http://10.9.0.5/exports"%s}}
        """;
    HttpResponse<String> kept =
        gateway.send("PUT", SCHEDULES + "/" + id, keep.formatted(""), token);
    assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
    assertThat(gateway.jsonOf(kept).get("webhook").get("secret_set").booleanValue()).isTrue();
    HttpResponse<String> dropped =
        gateway.send("PUT", SCHEDULES + "/" + id, keep.formatted(", \"secret\": null"), token);
    assertThat(gateway.jsonOf(dropped).get("webhook").get("secret_set").booleanValue()).isFalse();

    HttpResponse<String> replaced =
        gateway.send(
            "PUT",
            SCHEDULES + "/" + id + "/",
            """
            {"name": "hourly logs", "cron": "@hourly", "mode": "window", "window": "PT1H",
             "misfire": "skip", "export": {"data_types": ["logs", "ips"]}, "enabled": false}
            """,
            token);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    JsonNode after = gateway.jsonOf(replaced);
    assertThat(after.get("schedule_id").stringValue()).isEqualTo(id);
    assertThat(after.get("created_at")).isEqualTo(schedule.get("created_at"));
    assertThat(after.get("owner").stringValue()).isEqualTo("sched-quinn");
    assertThat(after.get("name").stringValue()).isEqualTo("hourly logs");
    assertThat(after.get("timezone").stringValue()).isEqualTo("UTC");
    assertThat(after.get("window").stringValue()).isEqualTo("PT1H");
    assertThat(after.get("lag").stringValue()).isEqualTo("PT0S");
    assertThat(after.get("misfire").stringValue()).isEqualTo("skip");
    assertThat(after.get("webhook").isNull()).isTrue();
    assertThat(after.get("enabled").booleanValue()).isFalse();
    assertThat(after.get("next_run_at").isNull()).isTrue();
    assertThat(gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, token)))
        .isEqualTo(after);

    HttpResponse<String> deleted = gateway.send("DELETE", SCHEDULES + "/" + id, null, token);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(gateway.jsonOf(deleted).get("deleted").booleanValue()).isTrue();
    assertThat(gateway.send("GET", SCHEDULES + "/" + id, null, token).statusCode()).isEqualTo(404);
    assertThat(gateway.send("DELETE", SCHEDULES + "/" + id, null, token).statusCode())
        .isEqualTo(404);

    List<String> audited = new ArrayList<>();
    gateway
        .jsonOf(
            gateway.send(
                "GET",
                "/api/v1/admin/audit?actor=sched-quinn&limit=100",
                null,
                RunningGateway.ADMIN_TOKEN))
        .get("items")
        .forEach(
            e -> {
              if (id.equals(e.get("target").asString())) {
                audited.add(e.get("action").stringValue());
              }
            });
    assertThat(audited)
        .containsExactly(
            "schedule_deleted",
            "schedule_updated",
            "schedule_updated",
            "schedule_updated",
            "schedule_created");
  }

  @Test
  void the_list_is_paginated_newest_first_with_the_total() throws Exception {
    String token = gateway.userToken("sched-rita");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(create(token, windowSchedule("page " + i)).get("schedule_id").stringValue());
    }
    JsonNode first = gateway.jsonOf(gateway.send("GET", SCHEDULES + "?limit=2", null, token));
    assertThat(first.get("total").longValue()).isEqualTo(3);
    assertThat(first.get("limit").intValue()).isEqualTo(2);
    assertThat(ids(first)).containsExactly(ids.get(2), ids.get(1));
    JsonNode second =
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "/?limit=2&offset=2", null, token));
    assertThat(ids(second)).containsExactly(ids.get(0));
    assertThat(second.get("items").get(0).has("next_run_at")).isTrue();
    assertThat(second.get("items").get(0).has("last_run")).isTrue();
    assertThat(gateway.send("GET", SCHEDULES + "?limit=0", null, token).statusCode())
        .isEqualTo(400);
  }

  static Stream<Arguments> invalidSchedules() {
    String export = "\"export\": {\"data_types\": [\"logs\"]}";
    String window = "\"mode\": \"window\", \"window\": \"P1D\", ";
    return Stream.of(
        Arguments.of("{\"cron\": \"@daily\", " + window + export + "}", "name"),
        Arguments.of("{\"name\": \"  \", \"cron\": \"@daily\", " + window + export + "}", "name"),
        Arguments.of(
            "{\"name\": \""
                + "n".repeat(201)
                + "\", \"cron\": \"@daily\", "
                + window
                + export
                + "}",
            "name"),
        Arguments.of("{\"name\": \"x\", " + window + export + "}", "cron"),
        Arguments.of("{\"name\": \"x\", \"cron\": \"0 2 * *\", " + window + export + "}", "cron"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@fortnightly\", " + window + export + "}", "cron"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"61 * * * *\", " + window + export + "}", "cron"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"timezone\": \"Mars/Olympus\", "
                + window
                + export
                + "}",
            "timezone"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"timezone\": \"+02:00\", "
                + window
                + export
                + "}",
            "timezone"),
        Arguments.of("{\"name\": \"x\", \"cron\": \"@daily\", " + export + "}", "mode"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"daily\", " + export + "}", "mode"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"window\", " + export + "}",
            "window"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"window\", \"window\": \"PT0S\", "
                + export
                + "}",
            "window"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"window\", \"window\": \"P1M\", "
                + export
                + "}",
            "window"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"window\", \"window\": \"1 day\", "
                + export
                + "}",
            "window"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"incremental\", \"window\": \"P1D\", "
                + export
                + "}",
            "window"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"lag\": \"-PT1M\", "
                + export
                + "}",
            "lag"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"misfire\": \"later\", "
                + export
                + "}",
            "misfire"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"start_date\": \"2024-01-01T00:00:00Z\", "
                + export
                + "}",
            "start_date"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"incremental\", "
                + "\"start_date\": \"yesterday\", "
                + export
                + "}",
            "start_date"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", \"mode\": \"window\", \"window\": \"P1D\"}",
            "export"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"export\": {\"data_types\": [\"logs\"], \"start_date\": \"2024-01-01T00:00:00Z\"}}",
            "export.start_date"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"export\": {\"data_types\": [\"logs\"], \"end_date\": \"2024-01-01T00:00:00Z\"}}",
            "export.end_date"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"export\": {\"data_types\": [\"nope\"]}}",
            "export.data_types"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + "\"export\": {\"batch_size\": 0}}",
            "export.batch_size"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", " + window + "\"export\": [\"logs\"]}",
            "export"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + export
                + ", \"webhook\": {\"url\": \"ftp://example.com/x\"}}",
            "webhook.url"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + export
                + ", \"webhook\": {\"url\": \"/relative\"}}",
            "webhook.url"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + export
                + ", \"webhook\": {\"url\": \"http://10.9.0.5/"
                + "a".repeat(2000)
                + "\"}}",
            "webhook.url"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + export
                + ", \"webhook\": {\"url\": \"http://10.9.0.5/\", \"secret\": \""
                + "s".repeat(501)
                + "\"}}",
            "webhook.secret"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", "
                + window
                + export
                + ", \"enabled\": \"yes\"}",
            "enabled"),
        Arguments.of(
            "{\"name\": \"x\", \"cron\": \"@daily\", " + window + export + ", \"colour\": \"red\"}",
            "colour"),
        Arguments.of("[]", "body"));
  }

  @ParameterizedTest
  @MethodSource("invalidSchedules")
  void an_invalid_schedule_is_refused_naming_the_field_and_nothing_is_stored(
      String body, String field) throws Exception {
    long before = storedSchedules();
    HttpResponse<String> response = gateway.send("POST", SCHEDULES, body, owner);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(fields(response)).as(response.body()).contains(field);
    assertThat(storedSchedules()).isEqualTo(before);
  }

  @Test
  void a_bad_cron_is_named_with_the_parsers_message() throws Exception {
    HttpResponse<String> response =
        gateway.send(
            "POST",
            SCHEDULES,
            "{\"name\":\"x\",\"cron\":\"0 2 * *\",\"mode\":\"window\",\"window\":\"P1D\","
                + "\"export\":{\"data_types\":[\"logs\"]}}",
            owner);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = gateway.jsonOf(response).get("errors").get(0);
    assertThat(error.get("field").stringValue()).isEqualTo("cron");
    assertThat(error.get("message").stringValue()).contains("5 fields");
  }

  @Test
  void a_replacement_that_is_invalid_changes_nothing() throws Exception {
    JsonNode schedule = create(owner, windowSchedule("kept " + UUID.randomUUID()));
    String id = schedule.get("schedule_id").stringValue();
    HttpResponse<String> response =
        gateway.send(
            "PUT",
            SCHEDULES + "/" + id,
            windowSchedule("changed").replace("\"P1D\"", "\"P1M\""),
            owner);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(fields(response)).contains("window");
    assertThat(gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, owner)))
        .isEqualTo(schedule);
  }

  @Test
  void a_name_the_owner_already_uses_is_a_conflict_but_another_owner_may_use_it() throws Exception {
    String name = "dup " + UUID.randomUUID();
    create(owner, windowSchedule(name));
    long before = storedSchedules();
    HttpResponse<String> duplicate = gateway.send("POST", SCHEDULES, windowSchedule(name), owner);
    assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
    assertThat(duplicate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(storedSchedules()).isEqualTo(before);
    assertThat(gateway.send("POST", SCHEDULES, windowSchedule(name), other).statusCode())
        .isEqualTo(201);

    String second =
        create(owner, windowSchedule("second " + UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    HttpResponse<String> renamed =
        gateway.send("PUT", SCHEDULES + "/" + second, windowSchedule(name), owner);
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(409);
  }

  @Test
  void an_owner_at_the_schedule_limit_gets_a_conflict_and_nothing_is_stored() throws Exception {
    String token = gateway.userToken("sched-many");
    // exporter.schedules.max-per-owner: 100 by default
    for (int i = 0; i < 100; i++) {
      create(token, windowSchedule("many " + i));
    }
    long before = storedSchedules();
    HttpResponse<String> refused =
        gateway.send("POST", SCHEDULES, windowSchedule("one too many"), token);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(gateway.jsonOf(refused).get("detail").stringValue()).contains("100 schedules");
    assertThat(storedSchedules()).isEqualTo(before);
    String first =
        ids(gateway.jsonOf(gateway.send("GET", SCHEDULES + "?limit=1", null, token))).get(0);
    gateway.send("DELETE", SCHEDULES + "/" + first, null, token);
    assertThat(gateway.send("POST", SCHEDULES, windowSchedule("one too many"), token).statusCode())
        .isEqualTo(201);
  }

  @Test
  void someone_elses_schedule_is_not_found_and_an_admin_sees_every_one() throws Exception {
    JsonNode schedule = create(owner, windowSchedule("mine " + UUID.randomUUID()));
    String id = schedule.get("schedule_id").stringValue();
    for (String[] route :
        new String[][] {
          {"GET", ""},
          {"PUT", ""},
          {"DELETE", ""},
          {"POST", "/pause"},
          {"POST", "/resume"},
          {"POST", "/run"},
          {"POST", "/backfill"},
          {"GET", "/runs"}
        }) {
      String body =
          route[1].equals("/backfill")
              ? "{\"start_date\":\"2024-01-01T00:00:00Z\",\"end_date\":\"2024-01-02T00:00:00Z\"}"
              : route[0].equals("PUT") ? windowSchedule("taken over") : null;
      HttpResponse<String> response =
          gateway.send(route[0], SCHEDULES + "/" + id + route[1], body, other);
      assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
    }
    assertThat(ids(gateway.jsonOf(gateway.send("GET", SCHEDULES + "?limit=1000", null, other))))
        .doesNotContain(id);
    assertThat(gateway.send("GET", SCHEDULES + "/" + UUID.randomUUID(), null, owner).statusCode())
        .isEqualTo(404);
    assertThat(gateway.send("GET", SCHEDULES + "/not-a-uuid", null, owner).statusCode())
        .isEqualTo(404);

    JsonNode seen =
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, RunningGateway.ADMIN_TOKEN));
    assertThat(seen.get("owner").stringValue()).isEqualTo("sched-olga");
    JsonNode all =
        gateway.jsonOf(
            gateway.send("GET", SCHEDULES + "?limit=1000", null, RunningGateway.ADMIN_TOKEN));
    assertThat(ids(all)).contains(id);
    assertThat(all.get("total").longValue())
        .isGreaterThan(
            gateway.jsonOf(gateway.send("GET", SCHEDULES, null, owner)).get("total").longValue());
    HttpResponse<String> paused =
        gateway.send("POST", SCHEDULES + "/" + id + "/pause", null, RunningGateway.ADMIN_TOKEN);
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(gateway.jsonOf(paused).get("owner").stringValue()).isEqualTo("sched-olga");
  }

  @Test
  void pause_clears_the_next_run_and_resume_sets_the_next_fire_time_after_now() throws Exception {
    String id =
        create(
                owner,
                windowSchedule("pausable " + UUID.randomUUID()).replace("@daily", "* * * * *"))
            .get("schedule_id")
            .stringValue();
    JsonNode paused =
        gateway.jsonOf(gateway.send("POST", SCHEDULES + "/" + id + "/pause", null, owner));
    assertThat(paused.get("enabled").booleanValue()).isFalse();
    assertThat(paused.get("next_run_at").isNull()).isTrue();
    assertThat(gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, owner)))
        .isEqualTo(paused);

    Instant before = Instant.now();
    JsonNode resumed =
        gateway.jsonOf(gateway.send("POST", SCHEDULES + "/" + id + "/resume/", null, owner));
    assertThat(resumed.get("enabled").booleanValue()).isTrue();
    Instant next = Instant.parse(resumed.get("next_run_at").stringValue());
    // every minute: the next whole minute after now
    assertThat(next).isAfter(before).isBeforeOrEqualTo(before.plusSeconds(61));
    assertThat(next.getEpochSecond() % 60).isZero();
  }

  @Test
  void run_now_makes_an_export_that_names_its_schedule_and_run() throws Exception {
    String id =
        create(owner, windowSchedule("run now " + UUID.randomUUID()).replace("\"P1D\"", "\"PT1H\""))
            .get("schedule_id")
            .stringValue();
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> ran = gateway.send("POST", SCHEDULES + "/" + id + "/run", null, owner);
    assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
    String exportId = gateway.jsonOf(ran).get("export_id").stringValue();
    long runId = gateway.jsonOf(ran).get("run_id").longValue();

    JsonNode export =
        gateway.jsonOf(gateway.send("GET", "/api/v1/export/" + exportId + "/status", null, owner));
    assertThat(export.get("schedule_id").stringValue()).isEqualTo(id);
    JsonNode run = export.get("schedule_run");
    assertThat(run.get("run_id").longValue()).isEqualTo(runId);
    assertThat(run.get("trigger").stringValue()).isEqualTo("manual");
    assertThat(run.get("visibility").isNull()).isTrue();
    Instant fire = Instant.parse(run.get("fire_time").stringValue());
    assertThat(fire).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(run.get("window").get("end").stringValue()).isEqualTo(fire.toString());
    assertThat(run.get("window").get("start").stringValue())
        .isEqualTo(fire.minus(Duration.ofHours(1)).toString());
    // the export reads the window
    assertThat(export.get("config").get("start_date").stringValue())
        .startsWith(fire.minus(Duration.ofHours(1)).toString().substring(0, 16));
    assertThat(export.get("status").stringValue()).isEqualTo("pending");

    JsonNode history =
        gateway.jsonOf(gateway.send("GET", "/api/v1/export?limit=1000", null, owner));
    JsonNode listed = null;
    for (JsonNode item : history.get("items")) {
      if (item.get("export_id").stringValue().equals(exportId)) {
        listed = item;
      } else {
        assertThat(item.has("schedule_id")).isTrue();
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.get("schedule_id").stringValue()).isEqualTo(id);
    assertThat(listed.get("schedule_run")).isEqualTo(run);

    JsonNode runs =
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, owner));
    assertThat(runs.get("total").longValue()).isEqualTo(1);
    JsonNode listedRun = runs.get("items").get(0);
    assertThat(listedRun.get("run_id").longValue()).isEqualTo(runId);
    assertThat(listedRun.get("export_id").stringValue()).isEqualTo(exportId);
    assertThat(listedRun.get("status").stringValue()).isEqualTo("pending");
    assertThat(listedRun.get("trigger").stringValue()).isEqualTo("manual");
    assertThat(listedRun.get("record_counts").isEmpty()).isTrue();
    assertThat(listedRun.get("window")).isEqualTo(run.get("window"));
    JsonNode schedule = gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, owner));
    assertThat(schedule.get("last_run")).isEqualTo(listedRun);
    JsonNode inList = null;
    for (JsonNode item :
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "?limit=1000", null, owner)).get("items")) {
      if (item.get("schedule_id").stringValue().equals(id)) {
        inList = item;
      }
    }
    assertThat(inList).isEqualTo(schedule);

    // a plain export names no schedule
    String plain =
        gateway
            .jsonOf(gateway.send("POST", "/api/v1/export", "{\"data_types\":[\"logs\"]}", owner))
            .get("export_id")
            .stringValue();
    JsonNode plainStatus =
        gateway.jsonOf(gateway.send("GET", "/api/v1/export/" + plain + "/status", null, owner));
    assertThat(plainStatus.get("schedule_id").isNull()).isTrue();
    assertThat(plainStatus.get("schedule_run").isNull()).isTrue();

    // the export outlives its schedule, still naming it
    gateway.send("DELETE", SCHEDULES + "/" + id, null, owner);
    JsonNode orphan =
        gateway.jsonOf(gateway.send("GET", "/api/v1/export/" + exportId + "/status", null, owner));
    assertThat(orphan.get("schedule_id").stringValue()).isEqualTo(id);
    assertThat(orphan.get("schedule_run").isNull()).isTrue();
  }

  @Test
  void an_incremental_schedule_runs_one_at_a_time_and_its_overtaken_run_cannot_be_retried()
      throws Exception {
    String id =
        create(owner, incrementalSchedule("incremental " + UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    HttpResponse<String> first = gateway.send("POST", SCHEDULES + "/" + id + "/run", null, owner);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String firstExport = gateway.jsonOf(first).get("export_id").stringValue();
    JsonNode run =
        gateway
            .jsonOf(gateway.send("GET", "/api/v1/export/" + firstExport + "/status", null, owner))
            .get("schedule_run");
    assertThat(run.get("window").isNull()).isTrue();
    assertThat(run.get("visibility").get("after_snapshot").isNull()).isTrue();

    HttpResponse<String> overlapping =
        gateway.send("POST", SCHEDULES + "/" + id + "/run", null, owner);
    assertThat(overlapping.statusCode()).as(overlapping.body()).isEqualTo(409);

    // the first run fails; while no later run has started it may be retried
    fail(firstExport);
    assertThat(
            gateway
                .send("POST", "/api/v1/export/" + firstExport + "/retry", null, owner)
                .statusCode())
        .isEqualTo(200);
    fail(firstExport);
    HttpResponse<String> second = gateway.send("POST", SCHEDULES + "/" + id + "/run", null, owner);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    HttpResponse<String> retried =
        gateway.send("POST", "/api/v1/export/" + firstExport + "/retry", null, owner);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(409);
    JsonNode runs =
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, owner));
    assertThat(runs.get("items").get(0).get("status").stringValue()).isEqualTo("pending");
    assertThat(runs.get("items").get(1).get("status").stringValue()).isEqualTo("failed");
  }

  @Test
  void a_completed_incremental_run_shows_its_counts_and_cut_and_the_next_run_starts_after_it()
      throws Exception {
    String token = gateway.userToken("sched-sam");
    String id =
        create(token, incrementalSchedule("cut " + UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    HttpResponse<String> first = gateway.send("POST", SCHEDULES + "/" + id + "/run", null, token);
    String firstExport = gateway.jsonOf(first).get("export_id").stringValue();
    JsonNode waitingForCounts =
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, token));
    assertThat(waitingForCounts.get("items").get(0).get("record_counts").isEmpty()).isTrue();
    assertThat(waitingForCounts.get("items").get(0).get("visibility").get("snapshot").isNull())
        .isTrue();

    // the export completes as a worker completes it: its cut and files (the V9 trigger copies both)
    String snapshot =
        jdbi()
            .inTransaction(
                h ->
                    h.createQuery(
                            "UPDATE exporter.export_jobs SET status = 'completed',"
                                + " snapshot_at = now(), snapshot_xids = pg_current_snapshot()::text,"
                                + " visible_xids = '{}',"
                                + " files = '[{\"dataType\":\"logs\",\"name\":\"logs.json\","
                                + "\"key\":\"exports/x/logs.json\",\"size\":340,\"records\":12,"
                                + "\"sha256\":\"00\",\"kind\":\"data\"}]'"
                                + " WHERE id = CAST(:id AS uuid) RETURNING snapshot_xids")
                        .bind("id", firstExport)
                        .mapTo(String.class)
                        .one());
    JsonNode completed =
        gateway
            .jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, token))
            .get("items")
            .get(0);
    assertThat(completed.get("status").stringValue()).isEqualTo("completed");
    assertThat(
            gateway
                .send("GET", "/api/v1/export/" + firstExport + "/status", null, token)
                .statusCode())
        .isEqualTo(200);
    assertThat(completed.get("record_counts").get("logs").longValue()).isEqualTo(12);
    assertThat(completed.get("finished_at").isNull()).isFalse();
    assertThat(completed.get("visibility").get("snapshot").stringValue()).isEqualTo(snapshot);
    assertThat(completed.get("visibility").get("at").isNull()).isFalse();
    assertThat(completed.get("visibility").get("after_snapshot").isNull()).isTrue();
    assertThat(
            gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id, null, token)).get("last_run"))
        .isEqualTo(completed);

    HttpResponse<String> second = gateway.send("POST", SCHEDULES + "/" + id + "/run", null, token);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    JsonNode next =
        gateway
            .jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, token))
            .get("items")
            .get(0);
    assertThat(next.get("run_id").longValue())
        .isEqualTo(gateway.jsonOf(second).get("run_id").longValue());
    assertThat(next.get("visibility").get("after_snapshot").stringValue()).isEqualTo(snapshot);
    assertThat(next.get("visibility").get("after"))
        .isEqualTo(completed.get("visibility").get("at"));
    JsonNode export =
        gateway.jsonOf(
            gateway.send(
                "GET",
                "/api/v1/export/"
                    + gateway.jsonOf(second).get("export_id").stringValue()
                    + "/status",
                null,
                token));
    assertThat(export.get("schedule_run").get("visibility")).isEqualTo(next.get("visibility"));
  }

  @Test
  void replacing_what_an_incremental_schedule_reads_starts_a_new_chain() throws Exception {
    String body = incrementalSchedule("chain " + UUID.randomUUID());
    String id = create(owner, body).get("schedule_id").stringValue();
    assertThat(chain(id)).isZero();
    gateway.send(
        "PUT",
        SCHEDULES + "/" + id,
        body.replace("\"misfire\": \"run_once\"", "\"misfire\": \"skip\""),
        owner);
    assertThat(chain(id)).as("same rows read").isZero();
    HttpResponse<String> replaced =
        gateway.send(
            "PUT", SCHEDULES + "/" + id, body.replace("[\"logs\"]", "[\"logs\", \"ips\"]"), owner);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(chain(id)).isEqualTo(1);
    gateway.send(
        "PUT",
        SCHEDULES + "/" + id,
        body.replace("[\"logs\"]", "[\"logs\", \"ips\"]")
            .replace("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"),
        owner);
    assertThat(chain(id)).isEqualTo(2);
  }

  @Test
  void next_fire_times_follow_the_zone_across_daylight_saving() throws Exception {
    JsonNode spring =
        gateway.jsonOf(
            gateway.send(
                "GET",
                SCHEDULES
                    + "/next-fire-times?cron=30%202%20*%20*%20*&timezone=Europe/Berlin&count=4"
                    + "&after=2026-03-27T00:00:00Z",
                null,
                owner));
    // 02:30 does not exist on 29 March (clocks go from 02:00 to 03:00): it fires once, at 03:30
    assertThat(texts(spring.get("fire_times")))
        .containsExactly(
            "2026-03-27T01:30:00Z",
            "2026-03-28T01:30:00Z",
            "2026-03-29T01:30:00Z",
            "2026-03-30T00:30:00Z");
    JsonNode autumn =
        gateway.jsonOf(
            gateway.send(
                "GET",
                SCHEDULES
                    + "/next-fire-times?cron=30%202%20*%20*%20*&timezone=Europe/Berlin&count=3"
                    + "&after=2026-10-24T00:00:00Z",
                null,
                owner));
    // 02:30 happens twice on 25 October: it fires once
    assertThat(texts(autumn.get("fire_times")))
        .containsExactly("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z");
    JsonNode fromNow =
        gateway.jsonOf(
            gateway.send("GET", SCHEDULES + "/next-fire-times?cron=@hourly", null, owner));
    assertThat(fromNow.get("fire_times").size()).isEqualTo(5);
    assertThat(Instant.parse(fromNow.get("fire_times").get(0).stringValue()))
        .isAfter(Instant.now().minusSeconds(1));

    for (String[] bad :
        new String[][] {
          {"cron=61%20*%20*%20*%20*", "cron"},
          {"timezone=UTC", "cron"},
          {"cron=@daily&timezone=Nowhere", "timezone"},
          {"cron=@daily&count=21", "count"},
          {"cron=@daily&count=0", "count"},
          {"cron=@daily&after=tomorrow", "after"}
        }) {
      HttpResponse<String> response =
          gateway.send("GET", SCHEDULES + "/next-fire-times?" + bad[0], null, owner);
      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(fields(response)).as(bad[0]).contains(bad[1]);
    }
  }

  @Test
  void a_backfill_adds_one_run_per_window_once_and_only_for_window_schedules() throws Exception {
    String id =
        create(
                owner,
                windowSchedule("backfill " + UUID.randomUUID())
                    .replace("@daily", "0 * * * *")
                    .replace("\"P1D\"", "\"PT1H\""))
            .get("schedule_id")
            .stringValue();
    String range =
        "{\"start_date\":\"2026-01-01T00:00:00Z\",\"end_date\":\"2026-01-01T06:00:00Z\"}";
    HttpResponse<String> added =
        gateway.send("POST", SCHEDULES + "/" + id + "/backfill", range, owner);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(202);
    // fire times 01:00 .. 06:00, each exporting the hour before it
    assertThat(gateway.jsonOf(added).get("runs").intValue()).isEqualTo(6);
    assertThat(gateway.jsonOf(added).get("run_ids").size()).isEqualTo(6);
    JsonNode runs =
        gateway.jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, owner));
    assertThat(runs.get("total").longValue()).isEqualTo(6);
    JsonNode newest = runs.get("items").get(0);
    assertThat(newest.get("trigger").stringValue()).isEqualTo("backfill");
    assertThat(newest.get("status").stringValue()).isEqualTo("waiting");
    assertThat(newest.get("export_id").isNull()).isTrue();
    assertThat(newest.get("fire_time").stringValue()).isEqualTo("2026-01-01T06:00:00Z");
    assertThat(newest.get("window").get("start").stringValue()).isEqualTo("2026-01-01T05:00:00Z");
    assertThat(newest.get("window").get("end").stringValue()).isEqualTo("2026-01-01T06:00:00Z");

    HttpResponse<String> again =
        gateway.send("POST", SCHEDULES + "/" + id + "/backfill", range, owner);
    assertThat(gateway.jsonOf(again).get("runs").intValue()).as("windows already covered").isZero();

    HttpResponse<String> tooMany =
        gateway.send(
            "POST",
            SCHEDULES + "/" + id + "/backfill",
            "{\"start_date\":\"2020-01-01T00:00:00Z\",\"end_date\":\"2020-03-01T00:00:00Z\"}",
            owner);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(fields(tooMany)).contains("end_date");
    for (String[] bad :
        new String[][] {
          {"{\"end_date\":\"2026-01-01T06:00:00Z\"}", "start_date"},
          {
            "{\"start_date\":\"2026-01-02T00:00:00Z\",\"end_date\":\"2026-01-01T00:00:00Z\"}",
            "end_date"
          },
          {range.replace("}", ",\"window\":\"P1D\"}"), "window"}
        }) {
      HttpResponse<String> response =
          gateway.send("POST", SCHEDULES + "/" + id + "/backfill", bad[0], owner);
      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(fields(response)).contains(bad[1]);
    }
    assertThat(
            gateway
                .jsonOf(gateway.send("GET", SCHEDULES + "/" + id + "/runs", null, owner))
                .get("total")
                .longValue())
        .isEqualTo(6);

    // the example of docs/api.md: nightly at 02:00 in Berlin, windows of a day ending 15 minutes
    // before each fire time, January in Berlin time
    String nightly =
        create(
                owner,
                """
                {"name": "nightly %s", "cron": "0 2 * * *", "timezone": "Europe/Berlin",
                 "mode": "window", "window": "P1D", "lag": "PT15M", "enabled": false,
                 "export": {"data_types": ["logs"]}}
                """
                    .formatted(UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    HttpResponse<String> january =
        gateway.send(
            "POST",
            SCHEDULES + "/" + nightly + "/backfill",
            "{\"start_date\": \"2026-01-01T00:00:00+01:00\", \"end_date\": \"2026-02-01T00:00:00+01:00\"}",
            owner);
    assertThat(gateway.jsonOf(january).get("runs").intValue()).isEqualTo(30);
    JsonNode last =
        gateway
            .jsonOf(gateway.send("GET", SCHEDULES + "/" + nightly + "/runs?limit=1", null, owner))
            .get("items")
            .get(0);
    assertThat(last.get("fire_time").stringValue()).isEqualTo("2026-01-31T01:00:00Z");
    assertThat(last.get("window").get("start").stringValue()).isEqualTo("2026-01-30T00:45:00Z");
    assertThat(last.get("window").get("end").stringValue()).isEqualTo("2026-01-31T00:45:00Z");
    // a paused schedule runs when asked to
    assertThat(gateway.send("POST", SCHEDULES + "/" + nightly + "/run", null, owner).statusCode())
        .isEqualTo(200);

    String incremental =
        create(owner, incrementalSchedule("no backfill " + UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    HttpResponse<String> refused =
        gateway.send("POST", SCHEDULES + "/" + incremental + "/backfill", range, owner);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
  }

  private static String windowSchedule(String name) {
    return """
        {"name": "%s", "cron": "@daily", "mode": "window", "window": "P1D",
         "export": {"data_types": ["logs"]}}
        """
        .formatted(name);
  }

  private static String incrementalSchedule(String name) {
    return """
        {"name": "%s", "cron": "@daily", "mode": "incremental", "misfire": "run_once",
         "start_date": "2024-01-01T00:00:00Z", "export": {"data_types": ["logs"]}}
        """
        .formatted(name);
  }

  private static JsonNode create(String token, String body) throws Exception {
    HttpResponse<String> response = gateway.send("POST", SCHEDULES, body, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return gateway.jsonOf(response);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get("schedule_id").stringValue()));
    return ids;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.stringValue()));
    return texts;
  }

  private static List<String> fields(HttpResponse<String> response) {
    List<String> fields = new ArrayList<>();
    gateway.jsonOf(response).path("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    return fields;
  }

  private static Jdbi jdbi() {
    return gateway.context.getBean(Jdbi.class);
  }

  private static long storedSchedules() {
    return jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT (SELECT count(*) FROM exporter.schedules)"
                            + " + (SELECT count(*) FROM exporter.schedule_runs)")
                    .mapTo(Long.class)
                    .one());
  }

  private static int chain(String id) {
    return jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT chain FROM exporter.schedules WHERE id = CAST(:id AS uuid)")
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .one());
  }

  /** The export fails, as a worker would fail it (the run follows by the V9 trigger). */
  private static void fail(String exportId) {
    jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE exporter.export_jobs SET status = 'failed', error_message = 'test'"
                            + " WHERE id = CAST(:id AS uuid)")
                    .bind("id", exportId)
                    .execute());
  }
}

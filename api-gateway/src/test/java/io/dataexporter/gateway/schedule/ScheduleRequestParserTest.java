package io.dataexporter.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.gateway.export.ExportRequestParser;
import io.dataexporter.schedule.Misfire;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleMode;
import io.dataexporter.webhook.WebhookDestinations;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ScheduleRequestParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final DatasetRegistry REGISTRY =
      new DatasetRegistry(
          List.of(
              new Dataset(
                  "logs",
                  "public.logs",
                  "id",
                  "timestamp",
                  "process",
                  List.of("id", "timestamp", "process", "message")),
              new Dataset("ips", "public.ips", "id", "seen", null, List.of("id", "seen", "ip"))));
  private final ScheduleRequestParser parser =
      new ScheduleRequestParser(
          new ExportRequestParser(
              REGISTRY,
              JSON,
              io.dataexporter.gateway.export.RequestLimits.DEFAULTS,
              // names resolve to a public address here; 10.1.0.0/16 is allow-listed
              new WebhookDestinations(
                  List.of("10.1.0.0/16"),
                  host ->
                      new InetAddress[] {
                        InetAddress.getByName(host.matches("[0-9.]+") ? host : "93.184.215.14")
                      }),
              new io.dataexporter.filter.FilterParser(
                  REGISTRY,
                  new io.dataexporter.filter.FixedColumnTypes(
                      java.util.Map.of(
                          "logs",
                          java.util.Map.of(
                              "id", "int8", "timestamp", "timestamptz", "process", "text"))))));

  @Test
  void durations_take_days_and_weeks_as_fixed_lengths_but_not_months() {
    assertThat(ScheduleRequestParser.parseDuration("P1D")).isEqualTo(Duration.ofHours(24));
    assertThat(ScheduleRequestParser.parseDuration("P1W")).isEqualTo(Duration.ofDays(7));
    assertThat(ScheduleRequestParser.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThat(ScheduleRequestParser.parseDuration("P1DT12H")).isEqualTo(Duration.ofHours(36));
    assertThatThrownBy(() -> ScheduleRequestParser.parseDuration("P1M"))
        .hasMessageContaining("months");
    assertThatThrownBy(() -> ScheduleRequestParser.parseDuration("1h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durations_read_back_in_whole_days_where_they_are_whole_days() {
    assertThat(ScheduleRequestParser.text(Duration.ofDays(1))).isEqualTo("P1D");
    assertThat(ScheduleRequestParser.text(Duration.ofDays(7))).isEqualTo("P7D");
    assertThat(ScheduleRequestParser.text(Duration.ofHours(36))).isEqualTo("PT36H");
    assertThat(ScheduleRequestParser.text(Duration.ZERO)).isEqualTo("PT0S");
    assertThat(ScheduleRequestParser.text(null)).isNull();
  }

  @Test
  void a_webhook_url_must_be_an_absolute_http_url_of_bounded_length_to_an_allowed_address() {
    assertThat(parser.webhookUrlRefusal("https://hooks.example.com/x?y=1")).isEmpty();
    assertThat(parser.webhookUrlRefusal("http://10.1.2.3:8080/hook")).isEmpty();
    assertThat(parser.webhookUrlRefusal("http://127.0.0.1:8080/hook")).isPresent();
    assertThat(parser.webhookUrlRefusal("http://10.2.0.1/hook")).isPresent();
    assertThat(parser.webhookUrlRefusal("http://169.254.169.254/latest")).isPresent();
    assertThat(parser.webhookUrlRefusal("ftp://example.com/x")).isPresent();
    assertThat(parser.webhookUrlRefusal("/relative")).isPresent();
    assertThat(parser.webhookUrlRefusal("https:///no-host")).isPresent();
    assertThat(parser.webhookUrlRefusal("https://exa mple.com/")).isPresent();
    assertThat(parser.webhookUrlRefusal("https://e.com/" + "a".repeat(1986))).isEmpty();
    assertThat(parser.webhookUrlRefusal("https://e.com/" + "a".repeat(1987))).isPresent();
  }

  @Test
  void the_defaults_fill_what_is_left_out() {
    ScheduleSettings settings =
        parse(
            """
            {"name": "  nightly  ", "cron": "@daily", "mode": "window", "window": "P1D",
             "export": {"data_types": ["logs"]}}
            """);
    assertThat(settings.name()).isEqualTo("nightly");
    assertThat(settings.timezone().getId()).isEqualTo("UTC");
    assertThat(settings.lag()).isZero();
    assertThat(settings.misfire()).isEqualTo(Misfire.RUN_ONCE);
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.webhook()).isNull();
    assertThat(settings.startDate()).isNull();
    Schedule schedule = settings.create(UUID.randomUUID(), "alice", NOW);
    assertThat(schedule.nextFireAt()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(schedule.chain()).isZero();
  }

  @Test
  void every_problem_is_reported_at_once() {
    assertThat(
            fields(
                """
                {"name": "", "cron": "@never", "timezone": "Nowhere", "mode": "incremental",
                 "window": "P1D", "lag": "PT-5M", "misfire": "maybe", "enabled": 1,
                 "export": {"data_types": ["nope"], "end_date": "2024-01-01T00:00:00Z"},
                 "webhook": {"url": "mailto:a@b.c", "secret": "", "header": "x"}, "extra": 1}
                """))
        .containsExactlyInAnyOrder(
            "extra",
            "name",
            "timezone",
            "cron",
            "window",
            "lag",
            "misfire",
            "export.end_date",
            "export.data_types",
            "webhook.header",
            "webhook.url",
            "webhook.secret",
            "enabled");
  }

  @Test
  void a_cron_that_never_fires_is_refused() {
    assertThat(
            fields(
                """
                {"name": "x", "cron": "0 0 30 2 *", "mode": "window", "window": "P1D",
                 "export": {"data_types": ["logs"]}}
                """))
        .containsExactly("cron");
  }

  @Test
  void a_disabled_schedule_has_no_next_fire_time() {
    ScheduleSettings settings =
        parse(
            """
            {"name": "x", "cron": "@hourly", "mode": "window", "window": "PT1H", "enabled": false,
             "export": {"data_types": ["logs"]}}
            """);
    assertThat(settings.create(UUID.randomUUID(), "alice", NOW).nextFireAt()).isNull();
  }

  @Test
  void an_incremental_schedule_starts_a_new_chain_only_when_it_reads_other_rows() {
    String body =
        """
        {"name": "x", "cron": "@hourly", "mode": "incremental",
         "start_date": "2024-01-01T00:00:00Z", "export": {"data_types": ["logs", "ips"]}}
        """;
    Schedule stored = parse(body).create(UUID.randomUUID(), "alice", NOW);
    assertThat(parse(body.replace("@hourly", "@daily")).replace(stored, NOW).chain()).isZero();
    assertThat(
            parse(body.replace("[\"logs\", \"ips\"]", "[\"ips\", \"logs\"]"))
                .replace(stored, NOW)
                .chain())
        .as("the same data types in another order")
        .isZero();
    assertThat(
            parse(body.replace("\"ips\"]", "\"ips\"], \"compression\": true"))
                .replace(stored, NOW)
                .chain())
        .as("another file format reads the same rows")
        .isZero();
    assertThat(
            parse(body.replace("[\"logs\", \"ips\"]", "[\"logs\"]")).replace(stored, NOW).chain())
        .isEqualTo(1);
    assertThat(
            parse(body.replace("\"ips\"]", "\"ips\"], \"processes\": [\"sshd\"]"))
                .replace(stored, NOW)
                .chain())
        .isEqualTo(1);
    assertThat(parse(body.replace("2024-01-01", "2025-01-01")).replace(stored, NOW).chain())
        .isEqualTo(1);
    Schedule replaced = parse(body).replace(stored, NOW.plusSeconds(5));
    assertThat(replaced.id()).isEqualTo(stored.id());
    assertThat(replaced.owner()).isEqualTo("alice");
    assertThat(replaced.createdAt()).isEqualTo(NOW);
    assertThat(replaced.updatedAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(replaced.mode()).isEqualTo(ScheduleMode.INCREMENTAL);
  }

  private ScheduleSettings parse(String body) {
    return parser.parse(JSON.readTree(body), NOW, "alice");
  }

  private List<String> fields(String body) {
    try {
      parse(body);
    } catch (InvalidRequestException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("accepted: " + body);
  }
}

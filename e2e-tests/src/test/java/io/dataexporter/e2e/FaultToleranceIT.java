package io.dataexporter.e2e;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.testsupport.jobs.ExportBuilder;
import io.dataexporter.testsupport.jobs.ShardFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Cancel, retry, lease takeover, stalled finalization and the outbox, in one JVM with the real
 * services. (Killing worker processes is {@link WorkerCrashIT}.)
 */
class FaultToleranceIT {
  static RunningSystem system;
  static ExportJobRepository jobs;
  static ShardRepository shards;
  static ShardFixture fixture;
  static ObjectStore store;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    ApplicationContext worker = system.workers.get(0);
    jobs = worker.getBean(ExportJobRepository.class);
    shards = worker.getBean(ShardRepository.class);
    fixture = new ShardFixture(jobs, shards);
    store = worker.getBean(ObjectStore.class);
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static List<Long> jsonlIds(String exportId) throws Exception {
    String url =
        system
            .parse(system.get("/download/" + exportId))
            .get("files")
            .get(0)
            .get("url")
            .stringValue();
    List<Long> ids = new ArrayList<>();
    for (String line : new String(system.fetch(url), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        ids.add(Records.readJson(line.getBytes(StandardCharsets.UTF_8)).get("id").longValue());
      }
    }
    return ids;
  }

  private static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      ids.add(i);
    }
    return ids;
  }

  private static ExportRequest jsonl(String type) {
    return anExport().withDataTypes(type).withBatchSize(500).request();
  }

  /** All of {@code tx_events} as JSON lines, in batches of 500. */
  private static ExportBuilder txEvents() {
    return anExport().withDataTypes("tx_events").withBatchSize(500);
  }

  @Test
  void cancel_stops_an_export_midway_and_leaves_no_parts() throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"big_events\"], \"output_format\": \"jsonl\", \"batch_size\": 200}");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (system.parse(system.get("/" + id + "/progress")).get("shards_completed").intValue()
        < 2) {
      assertThat(System.nanoTime()).as("export started").isLessThan(deadline);
      Thread.sleep(50);
    }
    HttpResponse<String> cancelled = system.post("/" + id + "/cancel", "");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(system.parse(cancelled).get("status").stringValue()).isEqualTo("cancelled");

    Thread.sleep(3000);
    JsonNode progress = system.parse(system.get("/" + id + "/progress"));
    int completed = progress.get("shards_completed").intValue();
    assertThat(completed).isLessThan(progress.get("shards_total").intValue());
    progress
        .get("shards")
        .forEach(s -> assertThat(s.get("status").stringValue()).isNotEqualTo("running"));
    Thread.sleep(1500);
    JsonNode later = system.parse(system.get("/" + id + "/progress"));
    assertThat(later.get("status").stringValue()).isEqualTo("cancelled");
    assertThat(later.get("shards_completed").intValue())
        .as("no shard completes after cancel")
        .isEqualTo(completed);
    assertThat(store.list(ObjectKeys.partsPrefix(UUID.fromString(id)))).isEmpty();
    assertThat(system.get("/download/" + id).statusCode()).isEqualTo(409);
    assertThat(system.post("/" + id + "/cancel", "").statusCode()).isEqualTo(409);
    assertThat(system.post("/" + id + "/retry", "").statusCode()).isEqualTo(409);
  }

  @Test
  void a_shard_that_keeps_failing_fails_the_export_and_retry_reruns_only_it() throws Exception {
    sql("SELECT setval('quality.switch', 1)");
    String id;
    try {
      id = system.submit("{\"data_types\": [\"flaky\"], \"output_format\": \"jsonl\"}");
      JsonNode failed = system.awaitFinished(id, Duration.ofMinutes(1));
      assertThat(failed.get("status").stringValue()).isEqualTo("failed");
      assertThat(failed.get("error_message").stringValue())
          .contains("shard flaky#")
          .contains("division by zero");
      assertThat(system.parse(system.get("/" + id + "/progress")).get("shards_failed").intValue())
          .isPositive();
    } finally {
      sql("SELECT setval('quality.switch', 0)");
    }
    List<Shard> before = shards.listByExport(UUID.fromString(id));
    List<Shard> completedBefore =
        before.stream().filter(s -> s.status() == ShardStatus.COMPLETED).toList();
    assertThat(completedBefore).isNotEmpty();

    HttpResponse<String> retried = system.post("/" + id + "/retry", "");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    JsonNode done = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(done.get("status").stringValue()).as(done.toString()).isEqualTo("completed");
    assertThat(done.get("error_message").isNull()).isTrue();
    assertThat(jsonlIds(id)).isEqualTo(range(1, 6000));
    for (Shard kept : completedBefore) {
      Shard now = shards.find(kept.id()).orElseThrow();
      assertThat(now.attempts()).as("completed shards are not redone").isEqualTo(kept.attempts());
      assertThat(now.completedAt()).isEqualTo(kept.completedAt());
    }
    assertThat(system.post("/" + id + "/retry", "").statusCode()).isEqualTo(409);
  }

  @Test
  void a_shard_reading_a_column_that_does_not_exist_fails_at_its_first_attempt() throws Exception {
    String id = system.submit("{\"data_types\": [\"vanishing\"], \"output_format\": \"jsonl\"}");
    JsonNode failed = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(failed.get("status").stringValue()).isEqualTo("failed");
    assertThat(failed.get("error_message").stringValue())
        .contains("shard vanishing#")
        .contains("not retried")
        .contains("gone");
    List<Shard> all = shards.listByExport(UUID.fromString(id));
    assertThat(all).anySatisfy(s -> assertThat(s.status()).isEqualTo(ShardStatus.FAILED));
    assertThat(all).allSatisfy(s -> assertThat(s.attempts()).isLessThanOrEqualTo(1));
  }

  @Test
  void an_export_whose_planning_failed_is_planned_again_on_retry() throws Exception {
    String id = system.submit("{\"data_types\": [\"not_yet\"], \"output_format\": \"jsonl\"}");
    JsonNode failed = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(failed.get("status").stringValue()).isEqualTo("failed");
    assertThat(failed.get("error_message").stringValue()).contains("planning failed");
    sql(
        "CREATE TABLE quality.not_yet AS SELECT g AS id, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute' AS at FROM generate_series(1, 10) g");
    assertThat(system.post("/" + id + "/retry/", "").statusCode()).isEqualTo(200);
    assertThat(system.awaitFinished(id, Duration.ofMinutes(1)).get("status").stringValue())
        .isEqualTo("completed");
    assertThat(jsonlIds(id)).isEqualTo(range(1, 10));
  }

  @Test
  void a_hung_workers_shard_is_taken_over_and_its_late_result_is_refused() throws Exception {
    UUID id = fixture.store(txEvents().build()).id();
    jobs.markPublished(id, Instant.now());
    system.holdSnapshot(id);
    Shard queued = fixture.planOneShard(id, "tx_events", 4);
    long shardId = queued.id();
    // a worker claimed it and then hung: no progress, so its lease runs out
    Shard hung = fixture.claim(queued, "hung-worker", Duration.ofSeconds(-1));

    JsonNode status = system.awaitFinished(id.toString(), Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(jsonlIds(id.toString())).containsExactly(1L, 2L, 3L, 4L);
    Shard finished = shards.find(shardId).orElseThrow();
    assertThat(finished.workerId()).isNotEqualTo("hung-worker");
    assertThat(finished.attempts()).isGreaterThan(hung.attempts());
    // the hung worker wakes up and reports: refused, the newer result stands
    assertThat(
            shards.complete(
                shardId,
                hung.attempts(),
                "stale-key",
                99,
                1,
                "x",
                ValidationSummary.EMPTY,
                QualitySummary.EMPTY,
                Instant.now()))
        .isFalse();
    assertThat(shards.find(shardId).orElseThrow().records()).isEqualTo(4);
  }

  @Test
  void an_export_whose_finalizer_died_is_finalized_by_another_worker() throws Exception {
    UUID id = fixture.store(txEvents().build()).id();
    jobs.markPublished(id, Instant.now());
    system.holdSnapshot(id);
    Shard shard = fixture.claim(fixture.planOneShard(id, "tx_events", 1), "w");
    byte[] part = "{\"id\":7}\n".getBytes(StandardCharsets.UTF_8);
    String key = ObjectKeys.part(id, "tx_events", 0, 0, shard.attempts());
    store.put(key, new ByteArrayInputStream(part), "application/octet-stream");
    fixture.complete(shard, key, 1, part.length);
    // its finalizer took it and died
    jobs.move(id, ExportStatus.RUNNING, ExportStatus.FINALIZING, Instant.now());

    JsonNode status = system.awaitFinished(id.toString(), Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(jsonlIds(id.toString())).containsExactly(7L);
  }

  @Test
  void an_accepted_export_that_was_never_published_is_published_later() throws Exception {
    UUID id = UUID.randomUUID();
    // accepted while the broker was away: stored, not published
    jobs.insert(ExportJob.pending(id, jsonl("tx_events"), Instant.now().minusSeconds(5)));
    JsonNode status = system.awaitFinished(id.toString(), Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(jsonlIds(id.toString())).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void beyond_the_active_export_limit_requests_get_429_with_retry_after() throws Exception {
    long active = jobs.countActive();
    List<UUID> fillers = new ArrayList<>();
    try {
      for (long i = active; i < RunningSystem.MAX_ACTIVE_EXPORTS; i++) {
        UUID filler = UUID.randomUUID();
        jobs.insert(ExportJob.pending(filler, jsonl("ips"), Instant.now()));
        // never picked up: looks published, but no message exists
        jobs.markPublished(filler, Instant.now());
        fillers.add(filler);
      }
      long jobsBefore = jobs.count();
      HttpResponse<String> response = system.post("/", "{\"data_types\": [\"ips\"]}");
      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(jobs.count()).isEqualTo(jobsBefore);
    } finally {
      fillers.forEach(jobs::delete);
    }
    assertThat(system.post("/", "{\"data_types\": [\"ips\"]}").statusCode()).isEqualTo(200);
  }
}

package io.dataexporter.e2e;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.testsupport.jobs.ShardFixture;
import io.dataexporter.worker.assemble.FinalizeExportRun;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import tools.jackson.databind.JsonNode;

/**
 * Deletion deletes, lost messages are sent again, attempt numbers only go up, and a second
 * finalization writes the same bytes.
 */
class AccountableWorkIT {
  static RunningSystem system;
  static ObjectStore store;
  static ShardRepository shards;
  static ExportJobRepository jobs;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    store = system.getStore();
    shards = system.workers.get(0).getBean(ShardRepository.class);
    jobs = system.workers.get(0).getBean(ExportJobRepository.class);
  }

  @AfterEach
  void resume() throws Exception {
    system.shardConsumers(true);
    sql("SELECT setval('quality.switch', 0)");
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** A request for all ips in {@code format}, basic validation. */
  private static io.dataexporter.job.ExportRequest ips(
      io.dataexporter.job.OutputFormat format, boolean includeMetadata) {
    return new io.dataexporter.job.ExportRequest(
        List.of("ips"),
        null,
        null,
        List.of(),
        100,
        includeMetadata,
        io.dataexporter.job.ValidationLevel.BASIC,
        format,
        io.dataexporter.job.Compression.NONE,
        java.util.Map.of(),
        java.util.Map.of(),
        false,
        null);
  }

  private static boolean nothingUnder(UUID id) {
    String prefix = ObjectKeys.exportPrefix(id);
    return store.list(prefix).isEmpty() && store.openUploads(prefix).isEmpty();
  }

  @Test
  void deleting_a_running_export_leaves_no_object_or_upload_behind() throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"big_events\"], \"output_format\": \"csv\", \"compression\": true}");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (system.parse(system.get("/" + id + "/progress")).get("records_exported").longValue()
        < 20_000) {
      assertThat(System.nanoTime()).as("export under way").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(system.delete("/" + id).statusCode()).isEqualTo(200);
    UUID exportId = UUID.fromString(id);
    // running shards stop at their next renewal; a late finisher removes what it wrote
    List<Boolean> checks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Thread.sleep(1000);
      checks.add(nothingUnder(exportId));
    }
    assertThat(checks.subList(6, 12)).as("nothing under the prefix from 6 s on").containsOnly(true);
    assertThat(system.get("/" + id + "/status").statusCode()).isEqualTo(404);
  }

  @Test
  void a_retry_whose_shard_messages_are_lost_still_completes() throws Exception {
    sql("SELECT setval('quality.switch', 1)");
    String id = system.submit("{\"data_types\": [\"flaky\"], \"output_format\": \"jsonl\"}");
    JsonNode failed = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(failed.get("status").stringValue()).isEqualTo("failed");
    sql("SELECT setval('quality.switch', 0)");
    Shard failedShard =
        shards.listByExport(UUID.fromString(id)).stream()
            .filter(s -> s.status() == ShardStatus.FAILED)
            .findFirst()
            .orElseThrow();

    system.shardConsumers(false);
    HttpResponse<String> retried = system.post("/" + id + "/retry", "");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    // the broker loses the retry's messages
    AmqpAdmin admin = system.workers.get(0).getBean(AmqpAdmin.class);
    admin.purgeQueue("exporter-test.shard-tasks", false);
    system.shardConsumers(true);

    JsonNode done = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(done.get("status").stringValue()).as(done.toString()).isEqualTo("completed");
    Shard rerun = shards.find(failedShard.id()).orElseThrow();
    assertThat(rerun.attempts())
        .as("attempt numbers go on from the failed run's")
        .isGreaterThan(failedShard.attempts());
    // the superseded attempt can no longer fail the shard
    assertThat(shards.fail(rerun.id(), failedShard.attempts(), "late", java.time.Instant.now()))
        .isFalse();
  }

  @Test
  void duplicate_planning_and_finalize_messages_do_not_use_up_attempts() throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}");
    JsonNode done = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(done.get("status").stringValue()).as(done.toString()).isEqualTo("completed");
    UUID exportId = UUID.fromString(id);
    // duplicates, as a sweep, a relay or two shards finishing together send them
    var publisher =
        system.workers.get(0).getBean(io.dataexporter.messaging.ConfirmedPublisher.class);
    for (int i = 0; i < 10; i++) {
      publisher.requestExport(new io.dataexporter.messaging.ExportRequested(exportId));
      publisher.finalizeExport(new io.dataexporter.messaging.FinalizeExport(exportId, i % 2 == 0));
    }
    AmqpAdmin admin = system.workers.get(0).getBean(AmqpAdmin.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (admin.getQueueInfo("exporter-test.export-requests").getMessageCount()
            + admin.getQueueInfo("exporter-test.finalize").getMessageCount()
        > 0) {
      assertThat(System.nanoTime()).as("duplicates consumed").isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(1500); // the last ones taken are handled
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT plan_attempts, finalize_attempts, status FROM exporter.export_jobs"
                    + " WHERE id = '"
                    + exportId
                    + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("plan attempts").isZero();
      assertThat(rs.getInt(2)).as("finalize attempts").isZero();
      assertThat(rs.getString(3)).isEqualTo("completed");
    }
  }

  @Test
  void finalizing_twice_writes_the_same_bytes() throws Exception {
    ShardFixture fixture = new ShardFixture(jobs, shards);
    UUID id =
        fixture
            .store(
                anExport()
                    .withDataTypes("ips")
                    .withFormat(OutputFormat.JSON)
                    .withMetadata()
                    .build())
            .id();
    system.holdSnapshot(id);
    String partKey = ObjectKeys.part(id, "ips", 0, 0, 1);
    Shard queued = fixture.planOneShard(id, "ips", 1);
    byte[] part = "{\"id\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    store.put(partKey, new java.io.ByteArrayInputStream(part), "application/octet-stream");
    fixture.complete(
        fixture.claim(queued, "w"),
        partKey,
        1,
        part.length,
        new io.dataexporter.job.QualitySummary(1, java.util.Map.of("id", 1L)));
    FinalizeExportRun finalizer = system.workers.get(1).getBean(FinalizeExportRun.class);
    finalizer.run(id, false);
    assertThat(jobs.find(id).orElseThrow().status().wire()).isEqualTo("completed");
    byte[] manifest = store.get(ObjectKeys.manifest(id)).readAllBytes();
    String file = jobs.find(id).orElseThrow().files().get(0).key();
    byte[] data = store.get(file).readAllBytes();
    assertThat(new String(data, java.nio.charset.StandardCharsets.UTF_8)).contains("exported_at");

    // a second finalizer, a while later (a redelivery after the first was presumed dead)
    Thread.sleep(1100);
    sql("UPDATE exporter.export_jobs SET status = 'finalizing' WHERE id = '" + id + "'");
    store.put(partKey, new java.io.ByteArrayInputStream(part), "application/octet-stream");
    finalizer.run(id, true);
    assertThat(jobs.find(id).orElseThrow().status().wire()).isEqualTo("completed");
    assertThat(new String(store.get(ObjectKeys.manifest(id)).readAllBytes()))
        .isEqualTo(new String(manifest));
    assertThat(store.get(file).readAllBytes()).isEqualTo(data);
  }

  @Test
  void objects_without_an_export_are_removed_counted_and_audited() throws Exception {
    UUID orphan = UUID.randomUUID();
    byte[] bytes = "left behind".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    store.put(
        ObjectKeys.file(orphan, "logs.csv"), new java.io.ByteArrayInputStream(bytes), "text/csv");
    store.put(
        ObjectKeys.part(orphan, "logs", 0, 3, 1),
        new java.io.ByteArrayInputStream(bytes),
        "application/octet-stream");
    String kept = system.submit("{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}");
    system.awaitFinished(kept, Duration.ofMinutes(1));
    var worker = system.workers.get(0);
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    var reconcile =
        new io.dataexporter.worker.cleanup.RemoveOrphanedObjects(
            store,
            jobs,
            worker.getBean(io.dataexporter.audit.AuditLog.class),
            "reconcile-test",
            Duration.ZERO,
            registry,
            java.time.Clock.systemUTC());

    assertThat(reconcile.run()).isGreaterThanOrEqualTo(2);
    assertThat(nothingUnder(orphan)).isTrue();
    assertThat(store.list(ObjectKeys.exportPrefix(UUID.fromString(kept)))).isNotEmpty();
    assertThat(registry.get("exporter.orphans.removed").counter().count())
        .isGreaterThanOrEqualTo(2);
    assertThat(
            worker
                .getBean(io.dataexporter.audit.AuditLog.class)
                .find("worker:reconcile-test", "orphans_removed", 100, 0))
        .anyMatch(e -> e.target().contains(orphan.toString()));
  }

  @Test
  void concurrent_planning_runs_store_one_plan() throws Exception {
    system.consumers("export-requests", false);
    String id;
    try {
      id = system.submit("{\"data_types\": [\"big_events\"], \"output_format\": \"csv\"}");
      UUID exportId = UUID.fromString(id);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
      List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        var planner =
            system.workers.get(i % 2).getBean(io.dataexporter.worker.planning.PlanExport.class);
        runs.add(pool.submit(() -> planner.run(exportId)));
      }
      for (var run : runs) {
        run.get();
      }
      pool.shutdown();
      List<Shard> plan = shards.listByExport(exportId);
      assertThat(plan).isNotEmpty();
      assertThat(plan.stream().map(Shard::seq).toList())
          .as("one plan: seqs 0..n-1 once each")
          .isEqualTo(java.util.stream.IntStream.range(0, plan.size()).boxed().toList());
      assertThat(plan.stream().map(Shard::epoch).distinct().toList()).containsExactly(0);
      try (Connection c = system.services.connect();
          Statement s = c.createStatement();
          var rs =
              s.executeQuery(
                  "SELECT count(*) FROM exporter.export_snapshot_holders WHERE export_id = '"
                      + exportId
                      + "'")) {
        rs.next();
        // the planner that stored the plan holds it; a keeper round may have added a copy
        assertThat(rs.getInt(1)).as("only the storing planner's snapshot is kept").isBetween(1, 2);
      }
    } finally {
      system.consumers("export-requests", true);
    }
    JsonNode done = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(done.get("status").stringValue()).as(done.toString()).isEqualTo("completed");
    assertThat(done.get("total_records").longValue()).isEqualTo(200_000);
  }

  @Test
  void the_daily_cleanup_audits_what_it_deletes() throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}");
    system.awaitFinished(id, Duration.ofMinutes(1));
    UUID exportId = UUID.fromString(id);
    assertThat(store.list(ObjectKeys.exportPrefix(exportId))).isNotEmpty();
    sql(
        "UPDATE exporter.export_jobs SET created_at = now() - interval '30 days' WHERE id = '"
            + id
            + "'");
    var worker = system.workers.get(0);
    worker.getBean(io.dataexporter.worker.cleanup.DailyCleanup.class).run();

    assertThat(jobs.find(exportId)).isEmpty();
    assertThat(nothingUnder(exportId)).isTrue();
    assertThat(
            worker
                .getBean(io.dataexporter.audit.AuditLog.class)
                .find("worker:worker-a", "exports_cleaned_up", 100, 0))
        .anyMatch(e -> e.detail().contains(id));
  }

  @Test
  void cancelling_a_finalizing_export_removes_the_files_already_written() throws Exception {
    UUID id = UUID.randomUUID();
    io.dataexporter.job.ExportRequest request = ips(io.dataexporter.job.OutputFormat.JSONL, false);
    jobs.insert(io.dataexporter.job.ExportJob.pending(id, request, java.time.Instant.now()));
    jobs.markPublished(id, java.time.Instant.now());
    // a finalizer has written the data file and is about to write the manifest
    sql("UPDATE exporter.export_jobs SET status = 'finalizing' WHERE id = '" + id + "'");
    store.put(
        ObjectKeys.file(id, "ips.jsonl"),
        new java.io.ByteArrayInputStream(
            "{\"id\":1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "application/x-ndjson");

    HttpResponse<String> cancelled = system.post("/" + id + "/cancel", "");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(nothingUnder(id)).as("no final file outlives the cancel").isTrue();
  }
}

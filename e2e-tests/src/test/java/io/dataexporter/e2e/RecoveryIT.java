package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPlan;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ShardTask;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Redelivered work after a worker died at an awkward moment still ends the export correctly. */
class RecoveryIT {
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @Test
  void a_redelivered_task_of_a_stored_shard_hands_its_export_on_to_finalization() throws Exception {
    ApplicationContext worker = system.workers.get(0);
    ExportJobRepository jobs = worker.getBean(ExportJobRepository.class);
    ShardRepository shards = worker.getBean(ShardRepository.class);
    UUID id = UUID.randomUUID();
    ExportRequest request =
        new ExportRequest(
            List.of("ips"),
            null,
            null,
            List.of(),
            100,
            false,
            ValidationLevel.BASIC,
            OutputFormat.JSONL,
            false,
            Map.of(),
            Map.of());
    jobs.insert(ExportJob.pending(id, request, Instant.now()));
    String partKey = ObjectKeys.part(id, "ips", 0, 0, 1);
    system.holdSnapshot(id);
    shards.insertAll(id, List.of(new ShardPlan("ips", 0, null, null, 1, partKey, null)));
    jobs.move(id, ExportStatus.PENDING, ExportStatus.RUNNING, Instant.now());
    // a worker stored the part and completed the shard, then died before publishing the finalize
    byte[] part = "{\"id\":1}\n".getBytes(StandardCharsets.UTF_8);
    worker
        .getBean(ObjectStore.class)
        .put(partKey, new ByteArrayInputStream(part), "application/octet-stream");
    Shard shard =
        shards
            .claim(
                shards.listByExport(id).get(0).id(),
                "dead-worker",
                Instant.now(),
                Instant.now().plusSeconds(60),
                false)
            .orElseThrow();
    shards.complete(
        shard.id(),
        shard.attempts(),
        partKey,
        1,
        part.length,
        "unused",
        new ValidationSummary(1, 1, 0, Map.of()),
        new QualitySummary(1, Map.of("id", 1L)),
        Instant.now());

    worker.getBean(ConfirmedPublisher.class).queueShard(new ShardTask(id, shard.id()));

    JsonNode status = system.awaitFinished(id.toString(), Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(status.get("total_records").longValue()).isEqualTo(1);
    String url =
        system.parse(system.get("/download/" + id)).get("files").get(0).get("url").stringValue();
    assertThat(system.fetch(url)).isEqualTo(part);
  }
}

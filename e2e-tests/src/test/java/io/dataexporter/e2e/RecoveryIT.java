package io.dataexporter.e2e;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ShardTask;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.testsupport.jobs.ShardFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    ShardFixture fixture =
        new ShardFixture(
            worker.getBean(ExportJobRepository.class), worker.getBean(ShardRepository.class));
    UUID id = fixture.store(anExport().withDataTypes("ips").build()).id();
    String partKey = ObjectKeys.part(id, "ips", 0, 0, 1);
    system.holdSnapshot(id);
    Shard queued = fixture.planOneShard(id, "ips", 1);
    // a worker stored the part and completed the shard, then died before publishing the finalize
    byte[] part = "{\"id\":1}\n".getBytes(StandardCharsets.UTF_8);
    worker
        .getBean(ObjectStore.class)
        .put(partKey, new ByteArrayInputStream(part), "application/octet-stream");
    Shard shard = fixture.claim(queued, "dead-worker");
    fixture.complete(shard, partKey, 1, part.length, new QualitySummary(1, Map.of("id", 1L)));

    worker.getBean(ConfirmedPublisher.class).queueShard(new ShardTask(id, shard.id()));

    JsonNode status = system.awaitFinished(id.toString(), Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(status.get("total_records").longValue()).isEqualTo(1);
    String url =
        system.parse(system.get("/download/" + id)).get("files").get(0).get("url").stringValue();
    assertThat(system.fetch(url)).isEqualTo(part);
  }
}

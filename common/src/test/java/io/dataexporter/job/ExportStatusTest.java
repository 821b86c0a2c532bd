package io.dataexporter.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.error.IllegalTransitionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExportStatusTest {

  @Test
  void an_export_moves_forward_only() {
    assertThat(ExportStatus.PENDING.canMoveTo(ExportStatus.RUNNING)).isTrue();
    assertThat(ExportStatus.RUNNING.canMoveTo(ExportStatus.FINALIZING)).isTrue();
    assertThat(ExportStatus.FINALIZING.canMoveTo(ExportStatus.COMPLETED)).isTrue();
    assertThat(ExportStatus.RUNNING.canMoveTo(ExportStatus.PENDING)).isFalse();
    assertThat(ExportStatus.PENDING.canMoveTo(ExportStatus.COMPLETED)).isFalse();
    assertThat(ExportStatus.COMPLETED.canMoveTo(ExportStatus.FAILED)).isFalse();
  }

  @Test
  void conditional_updates_use_exactly_the_allowed_sources() {
    assertThat(ExportStatus.sourcesOf(ExportStatus.RUNNING))
        .containsExactlyInAnyOrder(ExportStatus.PENDING, ExportStatus.FAILED);
    assertThat(ExportStatus.sourcesOf(ExportStatus.CANCELLED))
        .containsExactlyInAnyOrder(
            ExportStatus.PENDING, ExportStatus.RUNNING, ExportStatus.FINALIZING);
    assertThat(ExportStatus.CANCELLED.isTerminal()).isTrue();
    assertThat(ExportStatus.CANCELLED.canMoveTo(ExportStatus.RUNNING)).isFalse();
    assertThat(ExportStatus.sourcesOf(ExportStatus.FAILED))
        .containsExactlyInAnyOrder(
            ExportStatus.PENDING, ExportStatus.RUNNING, ExportStatus.FINALIZING);
    assertThat(ExportStatus.sourcesOf(ExportStatus.PENDING)).containsExactly(ExportStatus.FAILED);
  }

  @Test
  void a_finished_job_refuses_to_run_again() {
    ExportJob job =
        new ExportJob(
            UUID.randomUUID(),
            ExportStatus.COMPLETED,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null,
            List.of(),
            null,
            Map.of(),
            null,
            null);
    assertThatThrownBy(() -> job.requireTransition(ExportStatus.RUNNING))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void totals_add_up_over_files() {
    ExportJob job =
        new ExportJob(
            UUID.randomUUID(),
            ExportStatus.COMPLETED,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null,
            List.of(
                new ExportFile("logs", "logs.csv", "k1", 100, 7, "x", ExportFile.DATA, null),
                new ExportFile("ips", "ips.csv", "k2", 50, 3, "y", null, null),
                new ExportFile(
                    "ips", "rejected/ips.jsonl", "k3", 9, 2, "z", ExportFile.REJECTED, null)),
            "m",
            Map.of(),
            "alice",
            null);
    assertThat(job.recordCounts()).isEqualTo(Map.of("logs", 7L, "ips", 3L));
    assertThat(job.fileSizes()).isEqualTo(Map.of("logs", 100L, "ips", 50L));
    assertThat(job.totalRecords()).isEqualTo(10);
    assertThat(job.totalSize()).isEqualTo(150);
  }

  @Test
  void wire_names_are_lower_case() {
    assertThat(ExportStatus.FINALIZING.wire()).isEqualTo("finalizing");
    assertThat(ExportStatus.fromWire("completed")).isEqualTo(ExportStatus.COMPLETED);
  }
}

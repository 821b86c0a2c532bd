package io.dataexporter.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.error.IllegalTransitionException;
import org.junit.jupiter.api.Test;

class ShardStatusTest {

  @Test
  void a_completed_shard_never_moves_again() {
    for (ShardStatus target : ShardStatus.values()) {
      assertThat(ShardStatus.COMPLETED.canMoveTo(target)).isFalse();
    }
  }

  @Test
  void conditional_updates_use_exactly_the_allowed_sources() {
    assertThat(ShardStatus.sourcesOf(ShardStatus.RUNNING))
        .containsExactlyInAnyOrder(ShardStatus.QUEUED, ShardStatus.RUNNING);
    assertThat(ShardStatus.sourcesOf(ShardStatus.COMPLETED)).containsExactly(ShardStatus.RUNNING);
    assertThat(ShardStatus.sourcesOf(ShardStatus.FAILED)).containsExactly(ShardStatus.RUNNING);
    assertThat(ShardStatus.sourcesOf(ShardStatus.QUEUED))
        .containsExactlyInAnyOrder(ShardStatus.QUEUED, ShardStatus.RUNNING, ShardStatus.FAILED);
  }

  @Test
  void a_move_outside_the_table_is_refused() {
    assertThatThrownBy(() -> ShardStatus.sources(ShardStatus.COMPLETED, ShardStatus.QUEUED))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> ShardStatus.sources(ShardStatus.RUNNING, ShardStatus.FAILED))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> ExportStatus.sources(ExportStatus.FINALIZING, ExportStatus.PENDING))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void status_lists_for_sql_are_wire_names() {
    assertThat(StatusLists.wire(ExportStatus.active()))
        .containsExactly("finalizing", "pending", "running");
  }
}

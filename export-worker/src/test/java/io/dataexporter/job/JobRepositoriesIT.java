package io.dataexporter.job;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.error.IllegalTransitionException;
import io.dataexporter.testsupport.TestServices;
import io.dataexporter.testsupport.jobs.ExportAssert;
import io.dataexporter.testsupport.jobs.ShardAssert;
import io.dataexporter.testsupport.jobs.ShardFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job store against real PostgreSQL: claims, completions, failures, retries, and every status
 * move of exports and shards, allowed and refused, as the transition tables say.
 */
class JobRepositoriesIT {
  private static Jdbi jdbi;
  private static ExportJobRepository jobs;
  private static ShardRepository shards;
  private static ShardFixture fixture;

  @BeforeAll
  static void migrate() {
    TestServices services = TestServices.get().withDatabase("exporter_test_repositories");
    Flyway.configure()
        .dataSource(services.jdbcUrl(), "postgres", "")
        .schemas("exporter")
        .defaultSchema("exporter")
        .load()
        .migrate();
    jdbi = Jdbi.create(services.jdbcUrl(), "postgres", "");
    jobs = new ExportJobRepository(jdbi, JsonMapper.builder().build());
    shards = new ShardRepository(jdbi);
    fixture = new ShardFixture(jobs, shards);
  }

  private static UUID pending() {
    return fixture.store(anExport().withDataTypes("logs").build()).id();
  }

  private static void force(UUID id, ExportStatus status) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE exporter.export_jobs SET status = :s WHERE id = :id")
                .bind("s", status.wire())
                .bind("id", id)
                .execute());
  }

  private static void force(Shard shard, ShardStatus status) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE exporter.export_shards SET status = :s WHERE id = :id")
                .bind("s", status.wire())
                .bind("id", shard.id())
                .execute());
  }

  private static ExportJob job(UUID id) {
    return jobs.find(id).orElseThrow();
  }

  private static Shard shard(Shard s) {
    return shards.find(s.id()).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(ExportStatus.class)
  void an_export_moves_exactly_as_its_table_allows(ExportStatus from) {
    for (ExportStatus to : ExportStatus.values()) {
      UUID id = pending();
      force(id, from);
      if (from.canMoveTo(to)) {
        assertThat(jobs.move(id, from, to, Instant.now())).as(from + " -> " + to).isTrue();
        ExportAssert.assertThat(job(id)).hasStatus(to);
      } else {
        assertThatThrownBy(() -> jobs.move(id, from, to, Instant.now()))
            .as(from + " -> " + to)
            .isInstanceOf(IllegalTransitionException.class);
        ExportAssert.assertThat(job(id)).hasStatus(from);
      }
    }
  }

  @Test
  void a_move_from_a_status_the_export_is_not_in_is_refused() {
    UUID id = pending();
    assertThat(jobs.move(id, ExportStatus.RUNNING, ExportStatus.FINALIZING, Instant.now()))
        .isFalse();
    ExportAssert.assertThat(job(id)).hasStatus(ExportStatus.PENDING);
  }

  @ParameterizedTest
  @EnumSource(ExportStatus.class)
  void an_export_fails_from_every_active_status_only(ExportStatus from) {
    UUID id = pending();
    force(id, from);
    boolean failed = jobs.fail(id, "boom", Instant.now());
    assertThat(failed).isEqualTo(ExportStatus.active().contains(from));
    if (failed) {
      ExportAssert.assertThat(job(id)).hasStatus(ExportStatus.FAILED).hasErrorContaining("boom");
    } else {
      ExportAssert.assertThat(job(id)).hasStatus(from);
    }
  }

  @ParameterizedTest
  @EnumSource(ExportStatus.class)
  void an_export_completes_from_finalizing_only(ExportStatus from) {
    UUID id = pending();
    force(id, from);
    boolean completed = jobs.complete(id, List.of(), "m", Map.of(), Instant.now());
    assertThat(completed).isEqualTo(from == ExportStatus.FINALIZING);
    ExportAssert.assertThat(job(id)).hasStatus(completed ? ExportStatus.COMPLETED : from);
  }

  @Test
  void finalization_is_claimed_only_with_a_stored_plan_whose_shards_all_completed() {
    UUID unplanned = pending();
    force(unplanned, ExportStatus.RUNNING);
    assertThat(jobs.claimFinalization(unplanned, Instant.now())).isFalse();

    UUID id = pending();
    Shard queued = fixture.planOneShard(id, "logs", 3);
    assertThat(jobs.claimFinalization(id, Instant.now())).isFalse();
    assertThat(jobs.unfinalized(Instant.now().plusSeconds(60))).doesNotContain(id);
    Shard claimed = fixture.claim(queued, "w");
    assertThat(fixture.complete(claimed, "k", 3, 30)).isTrue();
    assertThat(shards.planCompleted(id)).isTrue();
    assertThat(jobs.unfinalized(Instant.now().plusSeconds(60))).contains(id);

    assertThat(jobs.claimFinalization(id, Instant.now())).isTrue();
    ExportAssert.assertThat(job(id)).hasStatus(ExportStatus.FINALIZING);
    assertThat(jobs.claimFinalization(id, Instant.now())).as("claimed once").isFalse();
  }

  @Test
  void active_exports_are_counted_from_the_model() {
    long before = jobs.countActive();
    UUID id = pending();
    assertThat(jobs.countActive()).isEqualTo(before + 1);
    force(id, ExportStatus.CANCELLED);
    assertThat(jobs.countActive()).isEqualTo(before);
  }

  @Test
  void a_shard_is_claimed_once_while_its_lease_lasts_and_taken_over_after() {
    UUID id = pending();
    Shard queued = fixture.planOneShard(id, "logs", 3);
    ShardAssert.assertThat(queued).hasStatus(ShardStatus.QUEUED).hasAttempts(0);

    Shard first = fixture.claim(queued, "a");
    ShardAssert.assertThat(first).hasStatus(ShardStatus.RUNNING).hasAttempts(1).isHeldBy("a");
    Instant now = Instant.now();
    assertThat(shards.claim(queued.id(), "b", now, now.plusSeconds(60), false)).isEmpty();
    assertThat(shards.claim(queued.id(), "b", now, now.plusSeconds(60), true))
        .as("a redelivered task takes over")
        .hasValueSatisfying(s -> ShardAssert.assertThat(s).hasAttempts(2).isHeldBy("b"));

    // the superseded attempt can no longer complete, fail or release the shard
    assertThat(fixture.complete(first, "stale", 1, 1)).isFalse();
    assertThat(shards.fail(first.id(), first.attempts(), "late", Instant.now())).isFalse();
    assertThat(shards.release(first.id(), first.attempts(), "late", Instant.now())).isFalse();
    ShardAssert.assertThat(shard(first)).hasStatus(ShardStatus.RUNNING).isHeldBy("b");
  }

  @Test
  void a_shard_whose_lease_ran_out_is_requeued_and_claimed_again() {
    UUID id = pending();
    Shard claimed = fixture.claim(fixture.planOneShard(id, "logs", 3), "a", Duration.ofSeconds(-1));
    assertThat(shards.requeueExpired(Instant.now())).extracting(Shard::id).contains(claimed.id());
    ShardAssert.assertThat(shard(claimed)).hasStatus(ShardStatus.QUEUED);
    ShardAssert.assertThat(fixture.claim(claimed, "b")).hasAttempts(2).isHeldBy("b");
  }

  @ParameterizedTest
  @EnumSource(ShardStatus.class)
  void a_shard_completes_fails_or_is_released_only_while_running(ShardStatus from) {
    for (String operation : List.of("complete", "fail", "release")) {
      UUID id = pending();
      Shard claimed = fixture.claim(fixture.planOneShard(id, "logs", 3), "a");
      force(claimed, from);
      boolean moved =
          switch (operation) {
            case "complete" -> fixture.complete(claimed, "k", 3, 30);
            case "fail" -> shards.fail(claimed.id(), claimed.attempts(), "x", Instant.now());
            default -> shards.release(claimed.id(), claimed.attempts(), "x", Instant.now());
          };
      ShardStatus target =
          switch (operation) {
            case "complete" -> ShardStatus.COMPLETED;
            case "fail" -> ShardStatus.FAILED;
            default -> ShardStatus.QUEUED;
          };
      assertThat(moved).as(operation + " from " + from).isEqualTo(from == ShardStatus.RUNNING);
      assertThat(ShardStatus.sourcesOf(target)).contains(ShardStatus.RUNNING);
      ShardAssert.assertThat(shard(claimed)).hasStatus(moved ? target : from);
    }
  }

  @ParameterizedTest
  @EnumSource(ShardStatus.class)
  void a_shard_is_claimed_only_from_the_tables_sources(ShardStatus from) {
    UUID id = pending();
    Shard queued = fixture.planOneShard(id, "logs", 3);
    force(queued, from);
    Instant now = Instant.now();
    boolean claimed = shards.claim(queued.id(), "w", now, now.plusSeconds(60), true).isPresent();
    assertThat(claimed).isEqualTo(ShardStatus.sourcesOf(ShardStatus.RUNNING).contains(from));
  }

  @Test
  void retrying_an_export_without_a_plan_unpublishes_it_in_the_same_transaction() {
    UUID id = fixture.store(anExport().createdAt(Instant.now().minusSeconds(60)).build()).id();
    jobs.markPublished(id, Instant.now());
    assertThat(jobs.retry(id, Instant.now())).as("not failed").isEmpty();
    assertThat(jobs.fail(id, "planning failed", Instant.now())).isTrue();
    jobs.countFailedAttempt(id, ExportJobRepository.Work.PLAN);

    RetriedExport retried = jobs.retry(id, Instant.now()).orElseThrow();
    assertThat(retried.replanned()).isTrue();
    ExportAssert.assertThat(job(id)).hasStatus(ExportStatus.PENDING).hasNoError();
    assertThat(jobs.unpublished(Instant.now(), 1000)).as("in the outbox again").contains(id);
    assertThat(jobs.countFailedAttempt(id, ExportJobRepository.Work.PLAN))
        .as("count reset")
        .hasValue(1);
  }

  @Test
  void retrying_a_planned_export_requeues_its_failed_shards_and_keeps_attempt_numbers() {
    UUID id = pending();
    Shard claimed = fixture.claim(fixture.planOneShard(id, "logs", 3), "a");
    assertThat(shards.fail(claimed.id(), claimed.attempts(), "boom", Instant.now())).isTrue();
    assertThat(jobs.fail(id, "shard failed", Instant.now())).isTrue();

    RetriedExport retried = jobs.retry(id, Instant.now()).orElseThrow();
    assertThat(retried.replanned()).isFalse();
    assertThat(retried.requeued()).extracting(Shard::id).containsExactly(claimed.id());
    ExportAssert.assertThat(job(id)).hasStatus(ExportStatus.RUNNING).hasNoError();
    Shard requeued = shard(claimed);
    ShardAssert.assertThat(requeued).hasStatus(ShardStatus.QUEUED).hasAttempts(1);
    assertThat(requeued.attemptsSinceRetry()).isZero();
    assertThat(jobs.retry(id, Instant.now())).as("retried once").isEmpty();
  }

  @Test
  void failed_plan_and_finalize_attempts_are_counted_in_the_database() {
    UUID id = pending();
    assertThat(jobs.countFailedAttempt(id, ExportJobRepository.Work.PLAN)).hasValue(1);
    assertThat(jobs.countFailedAttempt(id, ExportJobRepository.Work.PLAN)).hasValue(2);
    assertThat(jobs.countFailedAttempt(id, ExportJobRepository.Work.FINALIZE)).hasValue(1);
    assertThat(jobs.countFailedAttempt(UUID.randomUUID(), ExportJobRepository.Work.PLAN)).isEmpty();
  }
}

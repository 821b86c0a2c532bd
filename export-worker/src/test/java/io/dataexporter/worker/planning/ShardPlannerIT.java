package io.dataexporter.worker.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ShardPlan;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.testsupport.TestServices;
import io.dataexporter.worker.snapshot.HeldSnapshot;
import io.dataexporter.worker.source.SourceRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shards cover every row exactly once, even when many rows share the instants shards are cut at.
 */
class ShardPlannerIT {
  private static final Dataset EVENTS =
      new Dataset(
          "events", "public.planner_events", "id", "at", "process", List.of("id", "at", "process"));
  private static Jdbi jdbi;

  @BeforeAll
  static void seed() throws Exception {
    TestServices services = TestServices.get();
    try (Connection c = services.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS public.planner_events");
      s.execute(
          "CREATE TABLE public.planner_events (id bigserial PRIMARY KEY, at timestamptz, process text)");
      // 1000 rows on 100 instants (ten rows each), a crowd of 300 rows on one instant, and 5
      // rows without a time
      s.execute(
          """
          INSERT INTO public.planner_events (at, process)
          SELECT timestamptz '2024-01-01 00:00:00+00' + (g / 10) * interval '1 second', CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b;"c' END
            FROM generate_series(0, 999) g
          UNION ALL
          SELECT timestamptz '2024-01-01 00:00:50+00', 'a' FROM generate_series(1, 300)
          UNION ALL
          SELECT NULL, 'a' FROM generate_series(1, 5)
          """);
    }
    jdbi = Jdbi.create(services.jdbcUrl(), "postgres", "");
    snapshot =
        HeldSnapshot.take(
            java.sql.DriverManager.getConnection(services.jdbcUrl(), "postgres", ""),
            UUID.randomUUID(),
            0);
  }

  @org.junit.jupiter.api.AfterAll
  static void release() {
    snapshot.close();
  }

  /** The moment every plan and read of this class sees. */
  private static HeldSnapshot snapshot;

  private static List<String> moment() {
    return List.of(snapshot.name());
  }

  private static ExportRequest request(String from, String to, List<String> processes) {
    return new ExportRequest(
        List.of("events"),
        from == null ? null : OffsetDateTime.parse(from),
        to == null ? null : OffsetDateTime.parse(to),
        processes,
        100,
        false,
        ValidationLevel.NONE,
        OutputFormat.JSONL,
        Compression.NONE,
        Map.of(),
        Map.of(),
        false,
        null);
  }

  private static List<Long> streamedIds(ShardPlan plan, ExportRequest request) {
    List<Long> ids = new ArrayList<>();
    new SourceRows(jdbi)
        .stream(
            new RowFilter(
                EVENTS,
                plan.rangeStart(),
                plan.rangeEnd(),
                request.processes(),
                request.startDate() == null
                    && request.endDate() == null
                    && plan.rangeEnd() == null),
            null,
            50,
            moment(),
            new SourceRows.RowSink() {
              @Override
              public void begin(io.dataexporter.worker.source.SourceColumns columns) {}

              @Override
              public void accept(Object[] row) {
                ids.add((Long) row[0]);
              }
            });
    return ids;
  }

  private static void assertCoversExactlyOnce(
      ExportRequest request, long expectedRows, int minShards) {
    assertCoversExactlyOnce(
        new ShardPlanner(jdbi, new DatasetRegistry(List.of(EVENTS)), 120),
        request,
        expectedRows,
        minShards);
  }

  private static List<ShardPlan> assertCoversExactlyOnce(
      ShardPlanner planner, ExportRequest request, long expectedRows, int minShards) {
    List<ShardPlan> plans = planner.plan(UUID.randomUUID(), 0, request, moment());
    assertThat(plans.size()).isGreaterThanOrEqualTo(minShards);
    assertThat(plans.get(0).rangeStart())
        .isEqualTo(request.startDate() == null ? null : request.startDate().toInstant());
    assertThat(plans.get(plans.size() - 1).rangeEnd())
        .isEqualTo(request.endDate() == null ? null : request.endDate().toInstant());
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      assertThat(plans.get(i).seq()).isEqualTo(i);
      if (i > 0) {
        assertThat(plans.get(i).rangeStart()).isEqualTo(plans.get(i - 1).rangeEnd());
        assertThat(plans.get(i).rangeStart())
            .isAfter(
                plans.get(i - 1).rangeStart() == null
                    ? java.time.Instant.MIN
                    : plans.get(i - 1).rangeStart());
      }
      all.addAll(streamedIds(plans.get(i), request));
    }
    assertThat(all).hasSize((int) expectedRows).doesNotHaveDuplicates();
    return plans;
  }

  /**
   * Cut on a random sample (thresholds lowered for this small table), a plan still covers every row
   * exactly once, and the same request gets the same plan.
   */
  @Test
  void a_plan_cut_on_a_sample_covers_every_row_once_and_repeats() {
    ShardPlanner sampling =
        new ShardPlanner(jdbi, new DatasetRegistry(List.of(EVENTS)), 120, 100, 200);
    ExportRequest open = request(null, null, List.of());
    List<ShardPlan> first = assertCoversExactlyOnce(sampling, open, 1305, 3);
    List<ShardPlan> again = sampling.plan(UUID.randomUUID(), 0, open, moment());
    assertThat(again.stream().map(ShardPlan::rangeEnd).toList())
        .isEqualTo(first.stream().map(ShardPlan::rangeEnd).toList());
    assertCoversExactlyOnce(
        sampling, request("2024-01-01T02:00:10+02:00", "2024-01-01T00:01:30Z", List.of()), 1100, 3);
    assertCoversExactlyOnce(sampling, request(null, null, List.of("b;\"c")), 500, 2);
  }

  @Test
  void an_open_range_is_cut_on_shared_instants_without_losing_or_doubling_rows() {
    assertCoversExactlyOnce(request(null, null, List.of()), 1305, 5);
  }

  @Test
  void a_bounded_range_with_an_offset_keeps_its_bounds_on_the_outer_shards() {
    // 02:00:10+02:00 is 00:00:10Z (rows 100..), 00:01:30Z excludes its own ten rows
    assertCoversExactlyOnce(
        request("2024-01-01T02:00:10+02:00", "2024-01-01T00:01:30Z", List.of()), 800 + 300, 5);
  }

  @Test
  void the_process_filter_is_applied_when_counting_and_streaming() {
    assertCoversExactlyOnce(request(null, null, List.of("b;\"c")), 500, 4);
  }

  @Test
  void a_dataset_at_or_under_the_target_is_one_open_shard() {
    List<ShardPlan> plans =
        new ShardPlanner(jdbi, new DatasetRegistry(List.of(EVENTS)), 10_000)
            .plan(UUID.randomUUID(), 0, request(null, null, List.of()), moment());
    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).rangeStart()).isNull();
    assertThat(plans.get(0).rangeEnd()).isNull();
  }

  /** The last shard asks for NULL times only where the column can hold them. */
  @Test
  void only_a_nullable_time_column_needs_the_null_time_condition() throws Exception {
    try (Connection c = TestServices.get().connect();
        Statement s = c.createStatement()) {
      s.execute("DROP VIEW IF EXISTS public.planner_events_view");
      s.execute("DROP TABLE IF EXISTS public.planner_timed");
      s.execute(
          "CREATE TABLE public.planner_timed (id bigserial PRIMARY KEY, at timestamptz NOT NULL)");
      s.execute("CREATE VIEW public.planner_events_view AS SELECT * FROM public.planner_timed");
      s.execute("DROP TABLE IF EXISTS public.planner_parted");
      s.execute(
          "CREATE TABLE public.planner_parted (id bigint, at timestamptz NOT NULL)"
              + " PARTITION BY RANGE (at)");
    }
    SourceRows rows = new SourceRows(jdbi);
    List<String> columns = List.of("id", "at");
    assertThat(rows.timeMayBeNull(EVENTS)).isTrue();
    assertThat(
            rows.timeMayBeNull(new Dataset("t", "public.planner_timed", "id", "at", null, columns)))
        .isFalse();
    assertThat(rows.timeMayBeNull(new Dataset("t", "planner_timed", "id", "at", null, columns)))
        .isFalse();
    assertThat(
            rows.timeMayBeNull(
                new Dataset("v", "public.planner_events_view", "id", "at", null, columns)))
        .as("a view cannot tell")
        .isTrue();
    assertThat(
            rows.timeMayBeNull(
                new Dataset("p", "public.planner_parted", "id", "at", null, columns)))
        .as("a partitioned table enforces its NOT NULL")
        .isFalse();
    assertThat(
            rows.timeMayBeNull(new Dataset("x", "public.no_such_table", "id", "at", null, columns)))
        .isTrue();
  }
}

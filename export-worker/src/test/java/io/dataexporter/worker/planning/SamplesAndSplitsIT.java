package io.dataexporter.worker.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.RowHash;
import io.dataexporter.job.Sample;
import io.dataexporter.job.ShardPlan;
import io.dataexporter.job.Split;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.testsupport.TestServices;
import io.dataexporter.worker.snapshot.HeldSnapshot;
import io.dataexporter.worker.source.SampleAndSplit;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Samples and splits, planned and read as a shard reads them (the filter {@link
 * io.dataexporter.worker.shard.ExecuteShard} builds, on the cursor path and the COPY path), checked
 * against PostgreSQL computing the documented hash formula itself.
 */
class SamplesAndSplitsIT {
  private static final List<String> COLUMNS = List.of("id", "at", "host", "code", "process");
  private static final Dataset EVENTS = dataset("public.keyed_events");
  private static final int ROWS = 5000;
  private static final long TARGET = 400;

  /** The hash as documented in docs/datasets.md, written out here rather than taken from code. */
  private static final String FORMULA =
      "('x' || left(encode(sha256(convert_to(%s || chr(31) || %s || chr(31) ||"
          + " coalesce(%s::text, ''), 'UTF8')), 'hex'), 13))::bit(52)::bigint";

  private static Jdbi jdbi;
  private static HeldSnapshot snapshot;

  @BeforeAll
  static void seed() throws Exception {
    createTable("public.keyed_events", ROWS);
    jdbi = Jdbi.create(TestServices.get().jdbcUrl(), "postgres", "");
    snapshot = take();
  }

  @AfterAll
  static void release() {
    snapshot.close();
  }

  private static Dataset dataset(String table) {
    return new Dataset("events", table, "id", "at", "process", COLUMNS);
  }

  /**
   * {@code rows} rows a minute apart (ids from 1 up), on 40 hosts, every 97th without a host and
   * every 89th with an empty one, {@code code} shared by two rows each; 5 more without a time.
   */
  private static void createTable(String table, int rows) throws Exception {
    try (Connection c = TestServices.get().connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute(
          "CREATE TABLE "
              + table
              + " (id bigserial PRIMARY KEY, at timestamptz, host text, code int, process text)");
      insert(s, table, 0, rows);
      s.execute(
          "INSERT INTO "
              + table
              + " (at, host, code, process) SELECT NULL, 'host-1', g, 'a'"
              + " FROM generate_series(1, 5) g");
    }
  }

  private static void insert(Statement s, String table, int first, int rows) throws Exception {
    s.execute(
        "INSERT INTO "
            + table
            + " (at, host, code, process)"
            + " SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',"
            + " CASE WHEN g % 97 = 0 THEN NULL WHEN g % 89 = 0 THEN '' ELSE 'host-' || (g % 40) END,"
            + " g % "
            + (rows / 2)
            + ", CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END"
            + " FROM generate_series("
            + first
            + ", "
            + (first + rows - 1)
            + ") g");
  }

  private static HeldSnapshot take() throws Exception {
    return HeldSnapshot.take(
        DriverManager.getConnection(TestServices.get().jdbcUrl(), "postgres", ""),
        UUID.randomUUID(),
        0);
  }

  private static ExportRequest request(Sample sample, Split split) {
    return new ExportRequest(
            List.of("events"),
            null,
            null,
            List.of(),
            100,
            false,
            ValidationLevel.NONE,
            OutputFormat.CSV,
            Compression.NONE,
            Map.of(),
            Map.of(),
            false,
            null)
        .withDatasetOptions(sample, split, null, null);
  }

  private static Split split(String key, String seed) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    // request order differs from the sorted order the ranges are laid out in
    ratios.put("train", 0.8);
    ratios.put("validation", 0.1);
    ratios.put("test", 0.1);
    return new Split(ratios, key, seed);
  }

  private static List<ShardPlan> plan(Dataset dataset, ExportRequest request, HeldSnapshot at) {
    return new ShardPlanner(jdbi, new DatasetRegistry(List.of(dataset)), TARGET)
        .plan(UUID.randomUUID(), 0, request, List.of(at.name()));
  }

  /** The filter a shard reads with, built as ExecuteShard builds it. */
  private static RowFilter shardFilter(Dataset dataset, ShardPlan plan, ExportRequest request) {
    boolean unbounded = request.startDate() == null && request.endDate() == null;
    return SampleAndSplit.forShard(
        new RowFilter(
                dataset,
                plan.rangeStart(),
                plan.rangeEnd(),
                request.processes(),
                unbounded && plan.rangeEnd() == null)
            .withIdHighWater(plan.idHighWater()),
        request,
        plan.split(),
        plan.sampleBelow());
  }

  /** The ids a shard's cursor path reads. */
  private static List<Long> cursorIds(RowFilter filter, HeldSnapshot at) {
    List<Long> ids = new ArrayList<>();
    new SourceRows(jdbi)
        .stream(
            filter,
            null,
            100,
            List.of(at.name()),
            new SourceRows.RowSink() {
              @Override
              public void begin(SourceColumns columns) {}

              @Override
              public void accept(Object[] row) {
                ids.add((Long) row[0]);
              }
            });
    return ids;
  }

  /** The ids a shard's COPY path reads (each line: flag, then the quoted fields, id first). */
  private static List<Long> copyIds(RowFilter filter, HeldSnapshot at) {
    SourceCopy copy = new SourceCopy(jdbi);
    SourceColumns columns = copy.columns(filter.dataset()).orElseThrow();
    List<Long> ids = new ArrayList<>();
    copy.copy(
        filter,
        columns,
        null,
        100,
        List.of(at.name()),
        row -> {
          String id = new String(row, StandardCharsets.UTF_8).split(",", 3)[1];
          ids.add(Long.parseLong(id.replace("\"", "")));
        },
        null);
    return ids;
  }

  /** Every row's split, read shard by shard on the cursor path; fails on a row read twice. */
  private static Map<Long, String> splitOfEachRow(
      Dataset dataset, ExportRequest request, HeldSnapshot at) {
    Map<Long, String> splitOf = new HashMap<>();
    for (ShardPlan plan : plan(dataset, request, at)) {
      for (long id : cursorIds(shardFilter(dataset, plan, request), at)) {
        assertThat(splitOf.put(id, plan.split())).as("row %d read twice", id).isNull();
      }
    }
    return splitOf;
  }

  /** What PostgreSQL computes for every row: id to hash of {@code key}. */
  private static Map<Long, Long> sqlHashes(
      String table, String purpose, String seed, String key, HeldSnapshot at) {
    String sql =
        "SELECT id, " + String.format(FORMULA, "?", "?", Dataset.quote(key)) + " FROM " + table;
    try (Connection c = DriverManager.getConnection(TestServices.get().jdbcUrl(), "postgres", "")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        s.execute("SET TRANSACTION SNAPSHOT '" + at.name() + "'");
      }
      Map<Long, Long> hashes = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, purpose);
        ps.setString(2, seed);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hashes.put(rs.getLong(1), rs.getLong(2));
          }
        }
      }
      c.rollback();
      return hashes;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The split whose range holds {@code hash}. */
  private static String splitOf(Split split, long hash) {
    for (String name : split.names()) {
      long[] range = split.range(name);
      if (hash >= range[0] && hash < range[1]) {
        return name;
      }
    }
    throw new AssertionError("no split for " + hash);
  }

  @Test
  void every_row_is_in_exactly_the_split_its_sql_hash_says() {
    Split split = split(null, "s");
    ExportRequest request = request(null, split);
    List<ShardPlan> plans = plan(EVENTS, request, snapshot);

    List<String> order = plans.stream().map(ShardPlan::split).distinct().toList();
    assertThat(order).containsExactly("test", "train", "validation");
    for (int i = 0; i < plans.size(); i++) {
      assertThat(plans.get(i).seq()).isEqualTo(i);
      assertThat(plans.get(i).sampleBelow()).isNull();
    }
    assertThat(plans.stream().map(ShardPlan::partKey).distinct()).hasSize(plans.size());

    Map<Long, String> actual = splitOfEachRow(EVENTS, request, snapshot);
    Map<Long, Long> hashes = sqlHashes(EVENTS.table(), "split", "s", "id", snapshot);
    assertThat(actual).hasSize(ROWS + 5);
    Map<Long, String> expected = new HashMap<>();
    hashes.forEach((id, hash) -> expected.put(id, splitOf(split, hash)));
    assertThat(actual).isEqualTo(expected);

    Map<String, Long> sizes = new TreeMap<>();
    actual.values().forEach(s -> sizes.merge(s, 1L, Long::sum));
    assertThat(sizes.get("train")).isBetween(3800L, 4200L);
    assertThat(sizes.get("test")).isBetween(400L, 600L);
  }

  /**
   * Each split is cut on its own rows: the planner's counts and quantiles carry the split's
   * condition, so the small splits get one or two shards, not the whole table's number of cuts.
   */
  @Test
  void each_split_is_cut_into_shards_of_about_the_target_size() {
    ExportRequest request = request(null, split(null, "s"));
    List<ShardPlan> plans = plan(EVENTS, request, snapshot);
    Map<String, Integer> shards = new TreeMap<>();
    for (ShardPlan plan : plans) {
      shards.merge(plan.split(), 1, Integer::sum);
      int read = cursorIds(shardFilter(EVENTS, plan, request), snapshot).size();
      assertThat(read).as("shard %d", plan.seq()).isLessThanOrEqualTo((int) TARGET + 6);
      assertThat(plan.estimatedRows()).isBetween(read - 10L, read + 10L);
    }
    assertThat(shards.get("train")).isBetween(10, 11);
    assertThat(shards.get("test")).isEqualTo(2);
    assertThat(shards.get("validation")).isEqualTo(2);
  }

  @Test
  void two_plans_of_the_same_split_put_every_row_in_the_same_place() {
    ExportRequest request = request(null, split("id", "again"));
    List<ShardPlan> first = plan(EVENTS, request, snapshot);
    List<ShardPlan> second = plan(EVENTS, request, snapshot);
    assertThat(second.stream().map(p -> p.split() + p.rangeStart() + p.rangeEnd()).toList())
        .isEqualTo(first.stream().map(p -> p.split() + p.rangeStart() + p.rangeEnd()).toList());
    assertThat(splitOfEachRow(EVENTS, request, snapshot))
        .isEqualTo(splitOfEachRow(EVENTS, request, snapshot));
  }

  @Test
  void rows_inserted_later_never_move_the_existing_rows_to_another_split() throws Exception {
    String table = "public.keyed_growing";
    Dataset growing = dataset(table);
    createTable(table, 2000);
    ExportRequest request = request(null, split(null, "grow"));
    Map<Long, String> before;
    try (HeldSnapshot at = take()) {
      before = splitOfEachRow(growing, request, at);
    }
    try (Connection c = TestServices.get().connect();
        Statement s = c.createStatement()) {
      insert(s, table, -3000, 3000);
    }
    Map<Long, String> after;
    try (HeldSnapshot at = take()) {
      after = splitOfEachRow(growing, request, at);
    }
    assertThat(before).hasSize(2005);
    assertThat(after).hasSize(5005);
    before.forEach((id, split) -> assertThat(after.get(id)).as("row %d", id).isEqualTo(split));
  }

  /** Split by host: a host's rows (NULL and empty hosts alike, hashed as "") share one split. */
  @Test
  void a_group_key_never_straddles_splits_and_null_keys_go_with_the_empty_key() {
    Split split = split("host", "g");
    Map<Long, String> splitOf = splitOfEachRow(EVENTS, request(null, split), snapshot);
    assertThat(splitOf).hasSize(ROWS + 5);
    Map<String, Set<String>> splitsOfHost = new HashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT id, coalesce(host, '') FROM public.keyed_events")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(
                    e ->
                        splitsOfHost
                            .computeIfAbsent(e.getValue(), k -> new HashSet<>())
                            .add(splitOf.get(e.getKey()))));
    assertThat(splitsOfHost).hasSize(41);
    splitsOfHost.forEach((host, splits) -> assertThat(splits).as(host).hasSize(1));
    assertThat(splitsOfHost.get(""))
        .containsExactly(splitOf(split, RowHash.of(RowHash.SPLIT, "g", null)));
  }

  /** The ids a sample keeps, read shard by shard. */
  private static Set<Long> kept(Dataset dataset, ExportRequest request, HeldSnapshot at) {
    Set<Long> ids = new HashSet<>();
    for (ShardPlan plan : plan(dataset, request, at)) {
      assertThat(plan.sampleBelow()).isNotNull();
      for (long id : cursorIds(shardFilter(dataset, plan, request), at)) {
        assertThat(ids.add(id)).isTrue();
      }
    }
    return ids;
  }

  private static Set<Long> under(Map<Long, Long> hashes, long threshold) {
    Set<Long> ids = new HashSet<>();
    hashes.forEach(
        (id, hash) -> {
          if (hash < threshold) {
            ids.add(id);
          }
        });
    return ids;
  }

  @Test
  void a_larger_fraction_keeps_a_superset_of_a_smaller_one() {
    Set<Long> tenth = kept(EVENTS, request(new Sample(0.1, null, "f", null), null), snapshot);
    Set<Long> third = kept(EVENTS, request(new Sample(0.3, null, "f", null), null), snapshot);
    Map<Long, Long> hashes = sqlHashes(EVENTS.table(), "sample", "f", "id", snapshot);
    assertThat(tenth).isEqualTo(under(hashes, (long) Math.floor(0.1 * Math.pow(2, 52))));
    assertThat(third).isEqualTo(under(hashes, (long) Math.floor(0.3 * Math.pow(2, 52))));
    assertThat(third).containsAll(tenth);
    assertThat(tenth.size()).isBetween(400, 600);
    assertThat(third.size()).isBetween(1350, 1650);
    assertThat(kept(EVENTS, request(new Sample(1.0, null, "f", null), null), snapshot))
        .hasSize(ROWS + 5);
  }

  /** With unique keys a row count is met exactly: the rows with the smallest hashes. */
  @Test
  void a_row_count_keeps_exactly_that_many_rows_of_unique_keys() {
    ExportRequest request = request(new Sample(null, 777L, "r", null), null);
    Set<Long> ids = kept(EVENTS, request, snapshot);
    List<Long> byHash =
        sqlHashes(EVENTS.table(), "sample", "r", "id", snapshot).entrySet().stream()
            .sorted(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .limit(777)
            .toList();
    assertThat(ids).hasSize(777).containsExactlyInAnyOrderElementsOf(byHash);
    List<ShardPlan> plans = plan(EVENTS, request, snapshot);
    assertThat(plans).hasSize(2);
    assertThat(plans.get(0).estimatedRows() + plans.get(1).estimatedRows()).isBetween(776L, 777L);
  }

  /**
   * Keys shared by two rows each: the rows sharing the threshold's key come together, so the count
   * is met within one row (well within 1 %); more rows asked than there are keeps them all.
   */
  @Test
  void a_row_count_is_met_within_one_percent_when_keys_repeat_and_caps_at_every_row() {
    Set<Long> ids = kept(EVENTS, request(new Sample(null, 2000L, "r", "code"), null), snapshot);
    assertThat(ids.size()).isBetween(2000, 2020);
    Map<Long, Long> hashes = sqlHashes(EVENTS.table(), "sample", "r", "code", snapshot);
    long threshold =
        plan(EVENTS, request(new Sample(null, 2000L, "r", "code"), null), snapshot)
            .get(0)
            .sampleBelow();
    assertThat(ids).isEqualTo(under(hashes, threshold));

    ExportRequest all = request(new Sample(null, 1_000_000L, "r", null), null);
    assertThat(plan(EVENTS, all, snapshot).get(0).sampleBelow()).isEqualTo(RowHash.SCALE);
    assertThat(kept(EVENTS, all, snapshot)).hasSize(ROWS + 5);
  }

  /** NULL and empty hosts hash alike: a sample by host takes or leaves them all. */
  @Test
  void a_sample_by_a_key_with_nulls_takes_or_leaves_the_null_keys_together() {
    Map<Long, Long> hashes = sqlHashes(EVENTS.table(), "sample", "n", "host", snapshot);
    Set<Long> ids = kept(EVENTS, request(new Sample(0.5, null, "n", "host"), null), snapshot);
    assertThat(ids).isEqualTo(under(hashes, RowHash.threshold(0.5)));
    boolean nullsIn = RowHash.of(RowHash.SAMPLE, "n", null) < RowHash.threshold(0.5);
    jdbi.useHandle(
        h ->
            assertThat(
                    h.createQuery(
                            "SELECT id FROM public.keyed_events WHERE host IS NULL OR host = ''")
                        .mapTo(Long.class)
                        .list())
                .hasSize(108)
                .allMatch(id -> ids.contains(id) == nullsIn));
  }

  /** A sample by row count, then split: the splits share out exactly the sampled rows. */
  @Test
  void a_split_of_a_sample_shares_out_the_sampled_rows() {
    Split split = split(null, "s");
    ExportRequest request = request(new Sample(null, 1000L, "r", null), split);
    List<ShardPlan> plans = plan(EVENTS, request, snapshot);
    assertThat(plans).allMatch(p -> p.sampleBelow() != null && p.split() != null);
    assertThat(plans.stream().map(ShardPlan::sampleBelow).distinct()).hasSize(1);
    Map<Long, String> sampled = splitOfEachRow(EVENTS, request, snapshot);
    Map<Long, String> whole = splitOfEachRow(EVENTS, request(null, split), snapshot);
    assertThat(sampled).hasSize(1000);
    sampled.forEach((id, s) -> assertThat(whole.get(id)).isEqualTo(s));
  }

  /**
   * The COPY path writes the conditions as literals, the cursor path binds them: the same rows,
   * with a seed full of quotes, backslashes, question marks and non-ASCII text.
   */
  @Test
  void the_copy_path_and_the_cursor_path_read_the_same_rows() {
    String seed = "it's a \\ 'seed' ? $1 ü 😀";
    ExportRequest request = request(new Sample(0.6, null, seed, "host"), split("code", seed + "!"));
    List<ShardPlan> plans = plan(EVENTS, request, snapshot);
    Set<Long> all = new HashSet<>();
    for (ShardPlan plan : plans) {
      RowFilter filter = shardFilter(EVENTS, plan, request);
      List<Long> cursor = cursorIds(filter, snapshot);
      assertThat(copyIds(filter, snapshot)).as("shard %d", plan.seq()).isEqualTo(cursor);
      all.addAll(cursor);
    }
    Map<Long, Long> sampleHashes = sqlHashes(EVENTS.table(), "sample", seed, "host", snapshot);
    assertThat(all).isEqualTo(under(sampleHashes, RowHash.threshold(0.6)));
  }

  /**
   * Python's hashlib, given the documented formula, computes the hash PostgreSQL and Java compute.
   */
  @Test
  void python_computes_the_same_hash_as_postgresql_and_java() throws Exception {
    String seed = "sëed 'x' \\";
    Map<Long, Long> sql = sqlHashes(EVENTS.table(), "split", seed, "host", snapshot);
    Map<Long, String> hosts = new TreeMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT id, host FROM public.keyed_events WHERE id <= 200 OR host IS NULL")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), String.valueOf(rs.getString(2))))
                .forEach(e -> hosts.put(e.getKey(), e.getValue())));
    List<String> keys = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    hosts.forEach(
        (id, host) -> {
          keys.add("null".equals(host) ? null : host);
          expected.add(sql.get(id));
        });
    // and values that exercise UTF-8: computed by PostgreSQL directly
    for (String key : List.of("ü", "日本語", "😀", "a'b", "")) {
      keys.add(key);
      expected.add(
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT " + String.format(FORMULA, ":p", ":s", "CAST(:k AS text)"))
                      .bind("p", "split")
                      .bind("s", seed)
                      .bind("k", key)
                      .mapTo(Long.class)
                      .one()));
    }
    List<Long> java = keys.stream().map(k -> RowHash.of(RowHash.SPLIT, seed, k)).toList();
    assertThat(java).isEqualTo(expected);
    assertThat(Python.hashes("split", seed, keys)).isEqualTo(expected);
    // the example in docs/datasets.md
    assertThat(Python.hashes("split", "s", List.of("42"))).containsExactly(4151119056518004L);
  }
}

package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quotas hold under concurrency, and the hourly quota counts creations, not surviving rows. */
class QuotaIT {
  private static final String SLOW =
      "{\"data_types\": [\"big_events\"], \"output_format\": \"jsonl\"}";
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  /** Sends {@code n} creates at once (released together by a latch); returns the responses. */
  private static List<HttpResponse<String>> parallelCreates(int n, String token) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<HttpResponse<String>> create =
            () -> {
              go.await();
              return system.post("/", SLOW, token);
            };
        futures.add(pool.submit(create));
      }
      go.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        responses.add(f.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> acceptedIds(List<HttpResponse<String>> responses) {
    List<String> ids = new ArrayList<>();
    for (HttpResponse<String> r : responses) {
      assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
      if (r.statusCode() == 200) {
        ids.add(system.parse(r).get("export_id").stringValue());
      }
    }
    return ids;
  }

  private static long activeExports() throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM exporter.export_jobs WHERE status IN ('pending', 'running', 'finalizing')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void twenty_parallel_creates_with_one_user_token_accept_exactly_the_running_quota()
      throws Exception {
    String token = system.newUser("racer")[1];
    List<String> accepted = acceptedIds(parallelCreates(20, token));
    try {
      assertThat(accepted).as("max-running-per-user is 3").hasSize(3);
    } finally {
      for (String id : accepted) {
        system.delete("/" + id);
      }
    }
  }

  @Test
  void parallel_creates_never_exceed_the_global_active_limit() throws Exception {
    // admins have no per-user quota, so only the global limit stands in the way
    List<String> accepted =
        acceptedIds(
            parallelCreates(RunningSystem.MAX_ACTIVE_EXPORTS + 20, RunningSystem.ADMIN_TOKEN));
    try {
      assertThat(activeExports()).isLessThanOrEqualTo(RunningSystem.MAX_ACTIVE_EXPORTS);
      assertThat(accepted).hasSizeLessThanOrEqualTo(RunningSystem.MAX_ACTIVE_EXPORTS);
    } finally {
      for (String id : accepted) {
        system.delete("/" + id);
      }
    }
  }

  @Test
  void deleting_exports_does_not_reset_the_hourly_count() throws Exception {
    String token = system.newUser("deleter")[1];
    // max-exports-per-hour is 30; each export is deleted at once, so the running quota never bites
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> r = system.post("/", "{\"data_types\": [\"ips\"]}", token);
      assertThat(r.statusCode()).as("export %d: %s", i, r.body()).isEqualTo(200);
      String id = system.parse(r).get("export_id").stringValue();
      assertThat(system.delete("/" + id, token).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> over = system.post("/", "{\"data_types\": [\"ips\"]}", token);
    assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
    assertThat(system.parse(over).get("detail").stringValue()).contains("last hour");
  }
}

package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Authenticated latency with and without a flood of bad-token requests. Not part of the suite
 * (failsafe runs {@code *IT}); run it with
 *
 * <pre>
 * mvnlock ./mvnw -B -q verify -pl e2e-tests -am -Dnpm.executable=true -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *   -Dit.test=AuthFloodBenchmark
 * </pre>
 *
 * A user token lists its exports ({@code GET /?limit=10}: a token lookup and two queries) one
 * request at a time; meanwhile {@value #FLOOD_THREADS} threads send requests with random tokens
 * shaped like issued ones (each costs the gateway a token lookup) or with no token at all. The
 * figures go to standard output and docs/performance.md.
 */
class AuthFloodBenchmark {
  private static final int FLOOD_THREADS = 8;
  private static final int WARM_UP = 500;
  private static final int MEASURED = 3000;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void a_flood_of_bad_tokens_barely_slows_authenticated_requests() throws Exception {
    RunningSystem system = RunningSystem.get();
    String user = system.newUser("bench")[1];
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest authenticated =
        HttpRequest.newBuilder(URI.create(system.url("/?limit=10")))
            .header("Authorization", "Bearer " + user)
            .build();
    measure(client, authenticated, WARM_UP);

    report("no flood", measure(client, authenticated, MEASURED), 0, 0);

    // 0 = as fast as the flood threads can send
    String[] kinds = {"random exp_ tokens", "no token", "random exp_ tokens"};
    int[] rates = {0, 0, 500};
    for (int k = 0; k < kinds.length; k++) {
      String kind = kinds[k];
      long pauseNanos = rates[k] == 0 ? 0 : 1_000_000_000L * FLOOD_THREADS / rates[k];
      Supplier<HttpRequest> bad =
          kind.equals("no token")
              ? () -> HttpRequest.newBuilder(URI.create(system.url("/?limit=10"))).build()
              : () ->
                  HttpRequest.newBuilder(URI.create(system.url("/?limit=10")))
                      .header("Authorization", "Bearer " + randomToken())
                      .build();
      long rowsBefore = auditRows(system);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong sent = new AtomicLong();
      ExecutorService flood = Executors.newFixedThreadPool(FLOOD_THREADS);
      HttpClient floodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < FLOOD_THREADS; i++) {
        flood.submit(
            () -> {
              long next = System.nanoTime();
              while (!stop.get()) {
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                  TimeUnit.NANOSECONDS.sleep(wait);
                }
                HttpResponse<Void> r =
                    floodClient.send(bad.get(), HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).isEqualTo(401);
                sent.incrementAndGet();
              }
              return null;
            });
      }
      Thread.sleep(1000);
      long floodStart = System.nanoTime();
      long sentAtStart = sent.get();
      long[] flooded = measure(client, authenticated, MEASURED);
      double seconds = (System.nanoTime() - floodStart) / 1e9;
      long floodRequests = sent.get() - sentAtStart;
      stop.set(true);
      flood.shutdown();
      assertThat(flood.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      // the audit rows of the flood's windows are written once the windows have closed
      Thread.sleep(5000);
      String label = "flood of " + kind + (rates[k] == 0 ? "" : " at " + rates[k] + "/s");
      report(label, flooded, floodRequests / seconds, auditRows(system) - rowsBefore);
    }
    // once more without, the JIT now as warm as in the last flood
    report("no flood, again", measure(client, authenticated, MEASURED), 0, 0);
  }

  private static String randomToken() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return "exp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** Latencies in microseconds of {@code n} requests sent one after the other. */
  private static long[] measure(HttpClient client, HttpRequest request, int n) throws Exception {
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      micros[i] = (System.nanoTime() - start) / 1000;
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    Arrays.sort(micros);
    return micros;
  }

  private static void report(String phase, long[] sorted, double floodRate, long auditRows) {
    System.out.printf(
        "AUTH-FLOOD %-38s authenticated p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms | flood %6.0f req/s, audit rows %d%n",
        phase,
        sorted[sorted.length / 2] / 1000.0,
        sorted[(int) (sorted.length * 0.99)] / 1000.0,
        sorted[sorted.length - 1] / 1000.0,
        floodRate,
        auditRows);
  }

  private static long auditRows(RunningSystem system) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM exporter.audit_events WHERE action = 'authentication_failed'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

package io.dataexporter.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An export worker in its own JVM (the test's classpath), so it can be killed by PID. */
final class WorkerProcess {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  final String id;
  private final Process process;
  private final int port;

  private WorkerProcess(String id, Process process, int port) {
    this.id = id;
    this.process = process;
    this.port = port;
  }

  static WorkerProcess start(String id, Map<String, Object> properties) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.dataexporter.worker.ExportWorkerApplication"));
    properties.forEach((k, v) -> command.add("--" + k + "=" + v));
    command.add("--server.port=" + port);
    command.add("--exporter.worker.id=" + id);
    Path logs = Path.of("target", "worker-processes");
    Files.createDirectories(logs);
    File log = logs.resolve(id + ".log").toFile();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    return new WorkerProcess(id, process, port);
  }

  /** Waits until the worker answers healthy. */
  WorkerProcess awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("worker " + id + " exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("UP")) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("worker " + id + " not healthy within " + timeout);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hooks, no goodbye to the broker. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: a graceful shutdown. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      return -1;
    }
    return process.exitValue();
  }
}

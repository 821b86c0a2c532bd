package io.dataexporter.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free local port answering fixed responses by method and path (with the
 * query), recording every request. It stands in for the gateway and the object store where a test
 * needs answers the real ones cannot be made to give.
 */
final class StubServer implements AutoCloseable {
  record Answer(int status, String contentType, byte[] body) {}

  record Request(String method, String path, String authorization, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  StubServer on(String method, String path, int status, String contentType, String body) {
    return on(method, path, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  StubServer on(String method, String path, int status, String contentType, byte[] body) {
    answers.put(method + " " + path, new Answer(status, contentType, body));
    return this;
  }

  StubServer json(String method, String path, int status, String body) {
    return on(
        method, path, status, status < 400 ? "application/json" : "application/problem+json", body);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String key = exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query);
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            key.substring(key.indexOf(' ') + 1),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    Answer answer =
        answers.getOrDefault(
            key,
            new Answer(
                404,
                "application/problem+json",
                ("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no stub for " + key + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    if (answer.status() == 429) {
      exchange.getResponseHeaders().set("Retry-After", "7");
    }
    exchange.sendResponseHeaders(
        answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer.body());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

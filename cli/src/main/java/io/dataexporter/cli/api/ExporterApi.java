package io.dataexporter.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The export API over HTTP: {@code /api/v1/export} under the server's URL (or another of its base
 * paths, see {@link #at}), with the bearer token on every call. Error answers become {@link
 * ApiProblem}, failed connections {@link Unreachable}.
 */
public final class ExporterApi {
  /** The API's base path under the server's URL. */
  public static final String EXPORT_PATH = "/api/v1/export";

  /** The schedules' base path under the server's URL. */
  public static final String SCHEDULES_PATH = "/api/v1/schedules";

  /** The OpenPGP public keys' base path under the server's URL. */
  public static final String KEYS_PATH = "/api/v1/keys";

  /** The datasets' (data types with their columns) path under the server's URL. */
  public static final String DATASETS_PATH = "/api/v1/datasets";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final String rootUrl;
  private final String baseUrl;
  private final String token;
  private final JsonMapper json;
  private final HttpClient http;

  /**
   * @param serverUrl the server's root, e.g. {@code http://127.0.0.1:8080}; a URL that already ends
   *     in the API's base path is taken as it is
   * @param token the bearer token, or null to send none
   * @throws IllegalArgumentException when {@code serverUrl} is not an http(s) URL with a host
   */
  public ExporterApi(String serverUrl, String token, JsonMapper json) {
    String root = serverUrl.strip().replaceAll("/+$", "");
    URI uri;
    try {
      uri = URI.create(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + serverUrl);
    }
    if (uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme())
            || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalArgumentException(
          "not an http(s) URL with a host: " + serverUrl + " (e.g. http://127.0.0.1:8080)");
    }
    this.rootUrl =
        root.endsWith(EXPORT_PATH) ? root.substring(0, root.length() - EXPORT_PATH.length()) : root;
    this.baseUrl = rootUrl + EXPORT_PATH;
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private ExporterApi(ExporterApi same, String basePath) {
    this.rootUrl = same.rootUrl;
    this.baseUrl = same.rootUrl + basePath;
    this.token = same.token;
    this.json = same.json;
    this.http = same.http;
  }

  /**
   * The same server, token and connections with paths relative to another base path, e.g. {@link
   * #SCHEDULES_PATH}.
   */
  public ExporterApi at(String basePath) {
    return new ExporterApi(this, basePath);
  }

  public JsonNode get(String path) {
    return call("GET", path, HttpRequest.BodyPublishers.noBody(), false);
  }

  /** POSTs {@code body} as JSON, or an empty body when it is null. */
  public JsonNode post(String path, JsonNode body) {
    String text = body == null ? "" : json.writeValueAsString(body);
    return call("POST", path, HttpRequest.BodyPublishers.ofString(text), true);
  }

  /** PUTs {@code body} as JSON. */
  public JsonNode put(String path, JsonNode body) {
    return call(
        "PUT", path, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)), true);
  }

  public JsonNode delete(String path) {
    return call("DELETE", path, HttpRequest.BodyPublishers.noBody(), false);
  }

  /**
   * Opens the export's progress events ({@code GET /{id}/events}) and returns the stream's lines;
   * the caller closes the stream. It ends by itself after the export's final status.
   */
  public Stream<String> events(String exportId) {
    HttpRequest request =
        authorized(HttpRequest.newBuilder(url("/" + segment(exportId) + "/events")))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<Stream<String>> response =
        send(request, HttpResponse.BodyHandlers.ofLines(), "GET events");
    if (response.statusCode() != 200) {
      String body;
      try (Stream<String> lines = response.body()) {
        body = String.join("\n", lines.toList());
      }
      throw problem("GET /" + exportId + "/events", response, body);
    }
    return response.body();
  }

  /**
   * GETs a presigned object-store URL (no token: the signature is the authorization) into {@code
   * target}, hashing the bytes as they arrive.
   */
  public Fetched fetch(String presignedUrl, Path target) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(presignedUrl)).GET().build();
    HttpResponse<InputStream> response =
        send(request, HttpResponse.BodyHandlers.ofInputStream(), "GET " + host(presignedUrl));
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        String body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        throw new StorageRefused(host(presignedUrl), response.statusCode(), body);
      }
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
        size = in.transferTo(out);
      }
      return new Fetched(size, HexFormat.of().formatHex(sha256.digest()));
    } catch (IOException e) {
      try {
        Files.deleteIfExists(target); // no half-written file is left behind
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new Unreachable("download from " + host(presignedUrl) + " broke off: " + e, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes a {@link #fetch} wrote: their count and hex SHA-256. */
  public record Fetched(long size, String sha256) {}

  /** Escapes an id or other value for use as one path segment or query value. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode call(String method, String path, HttpRequest.BodyPublisher body, boolean json) {
    HttpRequest.Builder builder =
        authorized(HttpRequest.newBuilder(url(path)))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .method(method, body);
    if (json) {
      builder.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        send(builder.build(), HttpResponse.BodyHandlers.ofString(), method + " " + path);
    if (response.statusCode() / 100 != 2) {
      throw problem(method + " " + path, response, response.body());
    }
    return parse(response.body());
  }

  private <T> HttpResponse<T> send(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new Unreachable(
          "cannot reach "
              + request.uri().getScheme()
              + "://"
              + request.uri().getAuthority()
              + " ("
              + what
              + "): "
              + describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted: " + what, e);
    }
  }

  private ApiProblem problem(String request, HttpResponse<?> response, String body) {
    JsonNode document = null;
    try {
      JsonNode parsed = json.readTree(body);
      document = parsed != null && parsed.isObject() ? parsed : null;
    } catch (JacksonException notJson) {
      // a proxy's error page: keep the raw text
    }
    return new ApiProblem(
        request,
        response.statusCode(),
        document,
        body,
        response.headers().firstValue("Retry-After").orElse(null));
  }

  /** The answer's JSON; a missing node for an empty body (204). */
  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new IllegalStateException("the server's answer is not JSON: " + e.getOriginalMessage());
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private URI url(String path) {
    return URI.create(baseUrl + path);
  }

  private static String host(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  /** The first message along the causes; the JDK's refused connection has none. */
  private static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e instanceof java.net.ConnectException
        ? "connection refused"
        : e.getClass().getSimpleName();
  }
}

package io.dataexporter.testsupport.parquet;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parquet files as pyarrow and DuckDB read them (through {@code python3}), for tests that check
 * what other tools make of the worker's files. Without {@code python3} and the {@code pyarrow} and
 * {@code duckdb} modules a test is skipped with a message, except with {@code CI=true}, where it
 * fails ({@code .ci/run} installs them).
 */
public final class ParquetReaders {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

  private ParquetReaders() {}

  /**
   * What a reader saw.
   *
   * @param columns name and type (Arrow's text) of each column
   * @param rows each row's values: times as microseconds, doubles as text ({@code NaN}, {@code
   *     Infinity}, or Python's repr, which {@link Double#parseDouble} reads), the rest as JSON
   * @param logicalTypes Parquet logical type per column (pyarrow only)
   * @param keyValue the file's key-value metadata (pyarrow only, first file)
   * @param codecs the page codecs of the first file (pyarrow only)
   */
  public record Read(
      List<Map<String, String>> columns,
      List<List<JsonNode>> rows,
      JsonNode logicalTypes,
      JsonNode physicalTypes,
      JsonNode keyValue,
      JsonNode codecs,
      int rowGroups) {}

  /** Skips (or, in CI, fails) the test when python3 with pyarrow and duckdb is not there. */
  public static void requireTools() {
    boolean present;
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import pyarrow, pyarrow.parquet, duckdb")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      present = p.waitFor() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    if (!present && CI) {
      fail("python3 with pyarrow and duckdb is required in CI (pip install pyarrow duckdb)");
    }
    assumeTrue(
        present, "python3 with pyarrow and duckdb is not installed: pip install pyarrow duckdb");
  }

  public static Read pyarrow(List<Path> files) throws IOException {
    return read("pyarrow", files);
  }

  public static Read duckdb(List<Path> files) throws IOException {
    return read("duckdb", files);
  }

  private static Read read(String engine, List<Path> files) throws IOException {
    requireTools();
    Path script = Files.createTempFile("read_parquet", ".py");
    try (InputStream in =
        ParquetReaders.class.getResourceAsStream(
            "/io/dataexporter/testsupport/parquet/read_parquet.py")) {
      Files.write(script, in.readAllBytes());
    }
    List<String> command = new ArrayList<>(List.of("python3", script.toString(), engine));
    files.forEach(f -> command.add(f.toString()));
    Path err = Files.createTempFile("read_parquet", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new AssertionError(
            engine + " could not read " + files + ": " + Files.readString(err));
      }
      JsonNode root = JSON.readTree(new String(out, StandardCharsets.UTF_8));
      List<Map<String, String>> columns = new ArrayList<>();
      for (JsonNode c : root.get("columns")) {
        columns.add(Map.of("name", c.get("name").asString(), "type", c.get("type").asString()));
      }
      List<List<JsonNode>> rows = new ArrayList<>();
      for (JsonNode r : root.get("rows")) {
        List<JsonNode> row = new ArrayList<>();
        r.forEach(row::add);
        rows.add(row);
      }
      return new Read(
          columns,
          rows,
          root.get("logical_types"),
          root.get("physical_types"),
          root.get("key_value"),
          root.get("codecs"),
          root.has("row_groups") ? root.get("row_groups").asInt() : 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(script);
      Files.deleteIfExists(err);
    }
  }
}

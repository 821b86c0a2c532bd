package io.dataexporter.cli.export;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of {@code POST /api/v1/export}, one option each. Only the options given are sent, so
 * the server's defaults and rules apply unchanged (and a new format needs no new client).
 */
public final class ExportRequestOptions {
  @Parameters(
      paramLabel = "TYPE",
      arity = "0..*",
      split = ",",
      description = "Data types to export, e.g. logs anomalies ips (or logs,ips).")
  List<String> dataTypes = new ArrayList<>();

  @Option(
      names = {"-t", "--data-types"},
      paramLabel = "TYPE",
      split = ",",
      description = "Data types, as an option (repeat it, or a comma list); adds to the arguments.")
  List<String> dataTypeOptions = new ArrayList<>();

  @Option(
      names = {"--start", "--start-date"},
      paramLabel = "TIME",
      description = "Inclusive start, ISO-8601 with offset, e.g. 2024-01-01T00:00:00Z.")
  String start;

  @Option(
      names = {"--end", "--end-date"},
      paramLabel = "TIME",
      description = "Exclusive end, ISO-8601 with offset.")
  String end;

  @Option(
      names = {"-p", "--process", "--processes"},
      paramLabel = "NAME",
      split = ",",
      description = "Only these processes (repeat it, or a comma list). Default: all.")
  List<String> processes = new ArrayList<>();

  @Option(
      names = "--batch-size",
      paramLabel = "ROWS",
      description = "Rows fetched per database round trip, 1 to 100000. Server default: 1000.")
  Integer batchSize;

  @Option(
      names = "--include-metadata",
      negatable = true,
      description = "JSON format: wrap the records with a metadata object. Server default: yes.")
  Boolean includeMetadata;

  @Option(
      names = "--validation-level",
      paramLabel = "LEVEL",
      description = "none, basic or strict. Server default: basic.")
  String validationLevel;

  @Mixin ShapeOptions shape = new ShapeOptions();

  /** The data types given as arguments and with {@code --data-types}, in that order. */
  public List<String> dataTypes() {
    List<String> all = new ArrayList<>(dataTypes);
    all.addAll(dataTypeOptions);
    return all;
  }

  /** The request body: {@code data_types} and every field whose option was given. */
  public ObjectNode body(JsonMapper json) {
    ObjectNode body = json.createObjectNode();
    ArrayNode types = body.putArray("data_types");
    dataTypes().forEach(types::add);
    if (start != null) {
      body.put("start_date", start);
    }
    if (end != null) {
      body.put("end_date", end);
    }
    if (!processes.isEmpty()) {
      ArrayNode names = body.putArray("processes");
      processes.forEach(names::add);
    }
    if (batchSize != null) {
      body.put("batch_size", batchSize);
    }
    if (includeMetadata != null) {
      body.put("include_metadata", includeMetadata);
    }
    if (validationLevel != null) {
      body.put("validation_level", validationLevel);
    }
    shape.applyTo(body, dataTypes());
    return body;
  }
}

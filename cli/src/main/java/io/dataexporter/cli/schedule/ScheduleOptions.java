package io.dataexporter.cli.schedule;

import io.dataexporter.cli.export.JsonObjectFile;
import io.dataexporter.cli.export.ShapeOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST} and {@code PUT /api/v1/schedules}: a JSON file, and options for the
 * common fields that set (or override) them, the export's shaping fields ({@link ShapeOptions})
 * among them. Only what is given is sent; the server checks it.
 */
final class ScheduleOptions {
  @Option(
      names = {"-F", "--file"},
      paramLabel = "FILE",
      converter = JsonObjectFile.class,
      description = "JSON file holding the schedule (the request body; see docs/api.md).")
  ObjectNode file;

  @Option(names = "--name", paramLabel = "NAME", description = "The schedule's name.")
  String name;

  @Option(
      names = "--cron",
      paramLabel = "CRON",
      description = "Five fields, e.g. '0 2 * * *', or @hourly, @daily, @weekly, @monthly.")
  String cron;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "IANA time zone of the cron, e.g. Europe/Berlin. Server default: UTC.")
  String timezone;

  @Option(names = "--mode", paramLabel = "MODE", description = "window or incremental.")
  String mode;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description = "ISO-8601 duration each run exports (window mode), e.g. P1D.")
  String window;

  @Option(
      names = "--lag",
      paramLabel = "DURATION",
      description = "ISO-8601 duration the window ends before the fire time, e.g. PT15M.")
  String lag;

  @Option(
      names = "--misfire",
      paramLabel = "POLICY",
      description = "run_once or skip: fire times missed while down. Server default: run_once.")
  String misfire;

  @Option(
      names = "--enabled",
      negatable = true,
      description = "Whether it fires (--no-enabled: created paused). Server default: yes.")
  Boolean enabled;

  /** Filters, transformations, compression, encryption: set on the body's {@code export}. */
  @Mixin ShapeOptions export = new ShapeOptions();

  /** Whether any field option was given (besides the file). */
  boolean anyField() {
    return name != null
        || cron != null
        || timezone != null
        || mode != null
        || window != null
        || lag != null
        || misfire != null
        || enabled != null
        || export.any();
  }

  /** The file's object (or {@code base}, or an empty one) with the given options set on it. */
  ObjectNode body(JsonMapper json, ObjectNode base) {
    ObjectNode body =
        file != null ? file.deepCopy() : base != null ? base : json.createObjectNode();
    put(body, "name", name);
    put(body, "cron", cron);
    put(body, "timezone", timezone);
    put(body, "mode", mode);
    put(body, "window", window);
    put(body, "lag", lag);
    put(body, "misfire", misfire);
    if (enabled != null) {
      body.put("enabled", enabled);
    }
    if ("incremental".equals(mode) && window == null) {
      body.remove("window"); // refused in incremental mode: switching modes drops it
    }
    if (export.any()) {
      ObjectNode fields =
          body.get("export") instanceof ObjectNode given ? given : body.putObject("export");
      List<String> dataTypes = new ArrayList<>();
      fields.path("data_types").forEach(type -> dataTypes.add(type.asString()));
      export.applyTo(fields, dataTypes);
    }
    return body;
  }

  private static void put(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}

package io.dataexporter.cli.export;

import io.dataexporter.cli.console.UsageProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields that shape an export's rows and files (format, filters, transformations, compression,
 * CSV escaping, encryption, and the dataset fields of {@link DatasetOptions}), as options shared by
 * {@code export}, {@code templates create} and {@code schedules create|update}. Only the options
 * given are set on the request.
 */
public final class ShapeOptions {
  /** The values {@code --compression} takes; {@code true} and {@code false} as booleans. */
  static final Set<String> CODECS = Set.of("gzip", "zstd", "snappy", "none", "true", "false");

  @Option(
      names = {"-f", "--format", "--output-format"},
      paramLabel = "FORMAT",
      description = "Output format: json, jsonl, csv or parquet. Server default: json.")
  String format;

  @Option(
      names = "--filter",
      paramLabel = "FILTER",
      converter = FilterCondition.Converter.class,
      description = {
        "Row filter 'COLUMN OP VALUE'; repeat it (all hold).",
        "OP: = != > >= < <= in not_in prefix contains",
        "within is_null is_not_null. E.g. 'pid>=100',",
        "'level in ERROR,WARN', 'metadata.user.id=42',",
        "'logs.host prefix web-' (logs only). Numbers and",
        "true/false are sent typed unless quoted."
      })
  List<FilterCondition> filter = new ArrayList<>();

  @Option(
      names = {"--filters-file", "--filters"},
      paramLabel = "FILE",
      converter = JsonObjectFile.class,
      description = "JSON file: the API's filters object; --filter conditions are added to it.")
  ObjectNode filtersFile;

  @Option(
      names = "--transformations",
      paramLabel = "FILE",
      converter = JsonObjectFile.class,
      description = "JSON file: per data type, a list of transformation steps.")
  ObjectNode transformations;

  /** {@code true}, {@code false}, or a codec name; null when not given. */
  String compression;

  @Option(
      names = "--compression",
      paramLabel = "CODEC",
      arity = "0..1",
      preprocessor = CompressionValue.class,
      description = {
        "Compress the files: gzip, zstd or none; alone it means gzip.",
        "Parquet: the pages' codec, snappy (its default), zstd, gzip or none.",
        "Write --compression=CODEC when a data type follows."
      })
  void compression(String value) {
    compression = value;
  }

  @Option(names = "--no-compression", description = "Plain files (the server's default).")
  void noCompression(boolean ignored) {
    compression = "false";
  }

  @Option(
      names = "--compression-level",
      paramLabel = "N",
      description = "gzip 1-9, zstd 1-19. Server default: the codec's own.")
  Integer compressionLevel;

  @Option(
      names = "--csv-escape-formulas",
      negatable = true,
      description = "CSV: prefix text cells starting with = + - @ tab or CR with ' (spreadsheets).")
  Boolean csvEscapeFormulas;

  @Option(
      names = "--encrypt-to",
      paramLabel = "KEY",
      split = ",",
      description =
          "Encrypt the files with OpenPGP to this key: id, fingerprint or key id (repeat).")
  List<String> encryptTo = new ArrayList<>();

  @Option(
      names = "--no-encryption",
      description = "Send encryption: null (e.g. to stop a schedule encrypting).")
  boolean noEncryption;

  /** Size limit, partitions, sample and split. */
  @Mixin DatasetOptions dataset = new DatasetOptions();

  /** Whether any of these options was given. */
  public boolean any() {
    return format != null
        || !filter.isEmpty()
        || filtersFile != null
        || transformations != null
        || compression != null
        || compressionLevel != null
        || csvEscapeFormulas != null
        || !encryptTo.isEmpty()
        || noEncryption
        || dataset.any();
  }

  /**
   * Sets the given options' fields on {@code export}, a request body of {@code POST /api/v1/export}
   * or a schedule's {@code export}. {@code --filter} conditions are added to the {@code
   * --filters-file} object, or when there is none to the filters {@code export} has.
   *
   * @param dataTypes the export's data types: a filter column led by one of them is per type
   * @throws UsageProblem when the options contradict each other
   */
  public void applyTo(ObjectNode export, List<String> dataTypes) {
    if (format != null) {
      export.put("output_format", format);
    }
    if (!filter.isEmpty()) {
      ObjectNode base =
          filtersFile != null
              ? filtersFile
              : export.get("filters") instanceof ObjectNode current ? current : null;
      export.set("filters", FilterObject.merge(base, filter, dataTypes));
    } else if (filtersFile != null) {
      export.set("filters", filtersFile);
    }
    if (transformations != null) {
      export.set("transformations", transformations);
    }
    if (compression != null) {
      switch (compression) {
        case "true", "false" -> export.put("compression", Boolean.parseBoolean(compression));
        default -> export.put("compression", compression);
      }
    }
    if (compressionLevel != null) {
      export.put("compression_level", compressionLevel);
    }
    if (csvEscapeFormulas != null) {
      export.put("csv_escape_formulas", csvEscapeFormulas);
    }
    if (!encryptTo.isEmpty() && noEncryption) {
      throw new UsageProblem("give --encrypt-to or --no-encryption, not both");
    }
    if (!encryptTo.isEmpty()) {
      ObjectNode encryption = export.putObject("encryption");
      encryption.put("type", "openpgp");
      ArrayNode recipients = encryption.putArray("recipients");
      encryptTo.stream().map(String::strip).forEach(recipients::add);
    } else if (noEncryption) {
      export.putNull("encryption");
    }
    dataset.applyTo(export);
  }

  /**
   * {@code --compression} with an optional value: the next argument is its value only when it is a
   * codec ({@code --compression logs} is gzip and a data type); {@code --compression=X} always
   * takes X, which must be a codec.
   */
  static final class CompressionValue implements IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
      boolean attached = !" ".equals(info.get("separator")) && !args.isEmpty();
      String value = "true";
      if (attached || (!args.isEmpty() && CODECS.contains(args.peek().toLowerCase(Locale.ROOT)))) {
        value = args.pop().toLowerCase(Locale.ROOT);
      }
      if (!CODECS.contains(value)) {
        throw new ParameterException(
            command.commandLine(),
            "Invalid value for option '--compression': '"
                + value
                + "' is not one of gzip, zstd, snappy, none",
            option,
            value);
      }
      option.setValue(value);
      return true;
    }
  }
}

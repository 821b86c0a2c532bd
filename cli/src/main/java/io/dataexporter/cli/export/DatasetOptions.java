package io.dataexporter.cli.export;

import io.dataexporter.cli.console.UsageProblem;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields that make an export a dataset of many files: {@code max_file_size}, {@code
 * partition_by}, {@code sample} and {@code split}. The syntax is checked here; the rules (ranges,
 * ratios summing to 1, key columns) are the server's, and its 400 names the field.
 */
public final class DatasetOptions {
  @Option(
      names = "--max-file-size",
      paramLabel = "SIZE",
      converter = FileSize.class,
      description = {
        "Split each data type into files of at most SIZE, e.g. 256MB, 1GiB or",
        "bytes (KB MB GB TB decimal, KiB MiB GiB TiB binary; 1000 B to 5 TiB)."
      })
  Object maxFileSize;

  @Option(
      names = "--partition-by",
      paramLabel = "UNIT",
      converter = Partition.class,
      description = "Folders by the rows' time, UTC: hour, day or month (date=2024-01-01/...).")
  String partitionBy;

  @Option(
      names = "--sample-fraction",
      paramLabel = "F",
      description = "Keep this share of the rows, 0 < F <= 1 (a keyed hash: repeatable).")
  BigDecimal sampleFraction;

  @Option(
      names = "--sample-rows",
      paramLabel = "N",
      description = "Keep about N rows per data type (instead of --sample-fraction).")
  Long sampleRows;

  @Option(
      names = "--sample-seed",
      paramLabel = "TEXT",
      description = "Seed of the sample's hash (default \"\"): another seed, another sample.")
  String sampleSeed;

  @Option(
      names = "--sample-key",
      paramLabel = "COLUMN",
      description = "Column the sample hashes (default: each type's id), e.g. host.")
  String sampleKey;

  @Option(
      names = "--split",
      paramLabel = "NAME=RATIO,...",
      converter = SplitRatios.Converter.class,
      description = {
        "Split the rows into named parts, e.g. train=0.8,validation=0.1,test=0.1",
        "(ratios sum to 1; each split gets folders of its own)."
      })
  SplitRatios split;

  @Option(
      names = "--split-key",
      paramLabel = "COLUMN",
      description = "Column the split hashes (default: each type's id): rows alike stay together.")
  String splitKey;

  @Option(
      names = "--split-seed",
      paramLabel = "TEXT",
      description = "Seed of the split's hash (default \"\").")
  String splitSeed;

  /** Whether any of these options was given. */
  boolean any() {
    return maxFileSize != null
        || partitionBy != null
        || sampleFraction != null
        || sampleRows != null
        || sampleSeed != null
        || sampleKey != null
        || split != null
        || splitKey != null
        || splitSeed != null;
  }

  /**
   * Sets the given options' fields on {@code export}. A {@code sample} or {@code split} the request
   * already has (a schedule being updated, a file) keeps the members not given.
   *
   * @throws UsageProblem when both {@code --sample-fraction} and {@code --sample-rows} are given
   */
  void applyTo(ObjectNode export) {
    if (sampleFraction != null && sampleRows != null) {
      throw new UsageProblem("give --sample-fraction or --sample-rows, not both");
    }
    if (maxFileSize instanceof Long bytes) {
      export.put("max_file_size", bytes);
    } else if (maxFileSize != null) {
      export.put("max_file_size", (String) maxFileSize);
    }
    if (partitionBy != null) {
      export.put("partition_by", partitionBy);
    }
    if (sampleFraction != null || sampleRows != null || sampleSeed != null || sampleKey != null) {
      ObjectNode sample = member(export, "sample");
      if (sampleFraction != null) {
        sample.remove("rows");
        sample.put("fraction", sampleFraction);
      }
      if (sampleRows != null) {
        sample.remove("fraction");
        sample.put("rows", sampleRows);
      }
      putText(sample, "seed", sampleSeed);
      putText(sample, "key", sampleKey);
    }
    if (split != null || splitKey != null || splitSeed != null) {
      ObjectNode target = member(export, "split");
      if (split != null) {
        ObjectNode ratios = target.putObject("ratios");
        split.byName().forEach(ratios::put);
      }
      putText(target, "key", splitKey);
      putText(target, "seed", splitSeed);
    }
  }

  /** The object {@code export} holds under {@code name}, or a new one put there. */
  private static ObjectNode member(ObjectNode export, String name) {
    return export.get(name) instanceof ObjectNode given ? given : export.putObject(name);
  }

  private static void putText(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  /** A size: bytes as a number ({@code Long}), a number with a unit as sent ({@code String}). */
  static final class FileSize implements ITypeConverter<Object> {
    private static final Pattern SIZE =
        Pattern.compile("\\d{1,15}(\\.\\d{1,6})?\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?");

    @Override
    public Object convert(String text) {
      String size = text.strip();
      if (!SIZE.matcher(size.toLowerCase(Locale.ROOT)).matches()) {
        throw new TypeConversionException(
            "'" + text + "' is not a size: a number and a unit, e.g. 256MB, 1.5GB, 512MiB");
      }
      return size.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(size) : size;
    }
  }

  /** {@code hour}, {@code day} or {@code month}, any case. */
  static final class Partition implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      String unit = text.strip().toLowerCase(Locale.ROOT);
      if (!unit.equals("hour") && !unit.equals("day") && !unit.equals("month")) {
        throw new TypeConversionException("'" + text + "' is not one of hour, day, month");
      }
      return unit;
    }
  }
}

package io.dataexporter.worker.assemble;

import io.dataexporter.job.ColumnProfile;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.transform.Transformation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export's data card, {@code README.md}: YAML front matter in the Hugging Face dataset card
 * form (one config per data type whose {@code data_files} name each split's files, so {@code
 * datasets.load_dataset(folder)} finds them), then what was exported, from which moment, by which
 * request, the files and rows per split and type, a table of each type's columns with their
 * profile, and the validation, transformation, sample and split figures. Pure: the same facts make
 * the same bytes.
 */
public final class DataCard {
  /** Values longer than this are cut in the column tables. */
  private static final int CELL = 40;

  private final JsonMapper mapper;

  public DataCard(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public byte[] render(CardFacts facts) {
    StringBuilder md = new StringBuilder();
    md.append("---\n").append(frontMatter(facts)).append("---\n\n");
    body(facts, md);
    return md.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The front matter as YAML (written by SnakeYAML, which does the quoting). */
  String frontMatter(CardFacts facts) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("pretty_name", prettyName(facts));
    root.put("license", facts.license());
    List<String> tags = new ArrayList<>(List.of("data-exporter", "tabular"));
    tags.add(facts.config().outputFormat().extension());
    tags.addAll(facts.types());
    root.put("tags", tags);
    List<Map<String, Object>> configs = new ArrayList<>();
    for (String type : facts.types()) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("config_name", type);
      List<Map<String, Object>> dataFiles = new ArrayList<>();
      List<String> splits = facts.splits();
      // a split without rows has only an empty file, and a loader refuses a split without data
      List<String> withRows =
          splits.stream()
              .filter(
                  split ->
                      facts.dataFiles(split, type).stream().mapToLong(ExportFile::records).sum()
                          > 0)
              .toList();
      for (String split : withRows.isEmpty() ? splits : withRows) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("split", CardFacts.cardSplit(split));
        entry.put("path", dataFilesPath(facts, split, type));
        dataFiles.add(entry);
      }
      config.put("data_files", dataFiles);
      if (facts.config().outputFormat() == OutputFormat.JSON && facts.config().includeMetadata()) {
        config.put("field", "records"); // the records sit under "records" beside "metadata"
      }
      if (configs.isEmpty()) {
        config.put("default", true);
      }
      configs.add(config);
    }
    root.put("configs", configs);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(1000);
    return new Yaml(options).dump(root);
  }

  /**
   * One type's files of one split: the file names of a single-file export, a glob under the split's
   * and type's folder otherwise.
   */
  static Object dataFilesPath(CardFacts facts, String split, String type) {
    List<ExportFile> files = facts.dataFiles(split, type);
    if (!facts.config().multiFile()) {
      List<String> names = files.stream().map(ExportFile::name).toList();
      return names.size() == 1 ? names.get(0) : names;
    }
    String folder = (split.isEmpty() ? "" : split + "/") + type + "/";
    String extension =
        files.isEmpty()
            ? "." + facts.config().outputFormat().extension() + facts.config().suffix()
            : extensionOf(files.get(0).name());
    return folder + "**/*" + extension;
  }

  /** {@code .csv.gz} of {@code train/logs/date=2024-01-01/part-00000.csv.gz}. */
  static String extensionOf(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot < 0 ? "" : name.substring(dot);
  }

  static String prettyName(CardFacts facts) {
    return "Export " + facts.job().id() + ": " + String.join(", ", facts.types());
  }

  private void body(CardFacts facts, StringBuilder md) {
    ExportRequest request = facts.config();
    md.append("# ").append(prettyName(facts)).append("\n\n");
    md.append("Data types ")
        .append(String.join(", ", facts.types().stream().map(t -> "`" + t + "`").toList()))
        .append(" exported from PostgreSQL as ")
        .append(request.outputFormat().extension().toUpperCase(Locale.ROOT))
        .append(" by `data-exporter`")
        .append(facts.job().createdBy() == null ? "" : " for " + code(facts.job().createdBy()))
        .append(".\n\n");
    md.append("- Export id: `").append(facts.job().id()).append("`\n");
    md.append("- Requested at: ").append(facts.job().createdAt()).append("\n");
    md.append("- Completed at: ").append(facts.finishedAt()).append("\n");
    md.append("- Snapshot: every file reads one database snapshot");
    if (facts.moment() != null && facts.moment().takenAt() != null) {
      md.append(", taken at ").append(facts.moment().takenAt());
    }
    md.append("\n");
    md.append("- Owner: ").append(facts.owner() == null ? "not configured" : facts.owner());
    md.append("\n- License: `").append(facts.license()).append("`\n\n");

    String requestJson =
        mapper.writerWithDefaultPrettyPrinter().writeValueAsString(facts.request());
    String fence = fenceFor(requestJson);
    md.append("## Request\n\n")
        .append(fence)
        .append("json\n")
        .append(requestJson)
        .append("\n")
        .append(fence)
        .append("\n\n");

    files(facts, md);
    for (String type : facts.types()) {
      columns(facts, type, md);
    }
    validation(facts, md);
    transformations(facts, md);
    sampleAndSplit(facts, md);
  }

  private static void files(CardFacts facts, StringBuilder md) {
    md.append("## Files and rows\n\n");
    md.append("| split | data type | files | rows | bytes | path |\n");
    md.append("| --- | --- | ---: | ---: | ---: | --- |\n");
    Map<String, Map<String, Long>> rows = facts.rows();
    for (String split : facts.splits()) {
      for (String type : facts.types()) {
        List<ExportFile> files = facts.dataFiles(split, type);
        Object path = dataFilesPath(facts, split, type);
        md.append("| ")
            .append(CardFacts.cardSplit(split))
            .append(" | ")
            .append(type)
            .append(" | ")
            .append(files.size())
            .append(" | ")
            .append(rows.get(split).get(type))
            .append(" | ")
            .append(files.stream().mapToLong(ExportFile::size).sum())
            .append(" | ")
            .append(code(path instanceof List<?> l ? String.join(", ", (List<String>) l) : path))
            .append(" |\n");
      }
    }
    List<ExportFile> rejected =
        facts.files().stream().filter(f -> ExportFile.REJECTED.equals(f.kind())).toList();
    if (!rejected.isEmpty()) {
      md.append("\nRecords that failed validation are not in the data files: ");
      md.append(
          String.join(
              ", ",
              rejected.stream().map(f -> code(f.name()) + " (" + f.records() + ")").toList()));
      md.append(".\n");
    }
    md.append("\n");
  }

  private static void columns(CardFacts facts, String type, StringBuilder md) {
    QualitySummary quality = facts.quality(type);
    md.append("## Columns of `").append(type).append("`\n\n");
    md.append(quality.records()).append(" rows");
    if (facts.config().split() != null) {
      md.append(" over all splits");
    }
    md.append(". Null share is the share of rows without a value.");
    boolean withheld = facts.config().encryption() != null;
    if (withheld) {
      // the card stays readable beside encrypted files: it must not show their values
      md.append(" The export is encrypted, so no values (min, max, top values) are shown here.");
    }
    md.append("\n\n");
    md.append("| column | type | description | null share | min | max | top values |\n");
    md.append("| --- | --- | --- | ---: | --- | --- | --- |\n");
    for (CardField field : facts.fields().getOrDefault(type, List.of())) {
      ColumnProfile profile = withheld ? null : quality.profiles().get(field.name());
      md.append("| ")
          .append(code(field.name()))
          .append(" | ")
          .append(
              facts.config().outputFormat() == OutputFormat.PARQUET
                  ? field.parquetType()
                  : field.frictionlessType())
          .append(" | ")
          .append(cell(field.description()))
          .append(" | ")
          .append(nullShare(quality, field.name()))
          .append(" | ")
          .append(profile == null || profile.min() == null ? "" : cell(profile.min().toString()))
          .append(" | ")
          .append(profile == null || profile.max() == null ? "" : cell(profile.max().toString()))
          .append(" | ")
          .append(topValues(profile))
          .append(" |\n");
    }
    md.append("\n");
  }

  /** The share of rows where the field is null, as a plain decimal ({@code 0.25}). */
  static String nullShare(QualitySummary quality, String field) {
    Long nonNull = quality.nonNull().get(field);
    if (nonNull == null || quality.records() == 0) {
      return "";
    }
    double share = 1.0 - (double) nonNull / quality.records();
    return String.format(Locale.ROOT, "%.4f", share);
  }

  private static String topValues(ColumnProfile profile) {
    if (profile == null) {
      return "";
    }
    if (profile.manyValues()) {
      return "more than " + ColumnProfile.MAX_DISTINCT + " distinct";
    }
    return String.join(
        ", ",
        profile.top().stream().map(e -> cell(e.getKey()) + " (" + e.getValue() + ")").toList());
  }

  private void validation(CardFacts facts, StringBuilder md) {
    md.append("## Validation\n\n");
    md.append("Level `")
        .append(facts.config().validationLevel().name().toLowerCase(Locale.ROOT))
        .append("`.\n\n");
    md.append("| data type | checked | valid | rejected | by rule |\n");
    md.append("| --- | ---: | ---: | ---: | --- |\n");
    for (String type : facts.types()) {
      ValidationSummary v = facts.validation().getOrDefault(type, ValidationSummary.EMPTY);
      md.append("| ")
          .append(type)
          .append(" | ")
          .append(v.checked())
          .append(" | ")
          .append(v.valid())
          .append(" | ")
          .append(v.rejected())
          .append(" | ")
          .append(
              cell(
                  String.join(
                      ", ",
                      v.byRule().entrySet().stream()
                          .map(e -> e.getKey() + ": " + e.getValue())
                          .toList())))
          .append(" |\n");
    }
    md.append("\n");
  }

  private void transformations(CardFacts facts, StringBuilder md) {
    md.append("## Transformations\n\n");
    boolean any = false;
    for (String type : facts.types()) {
      List<Transformation> steps = facts.config().transformationsOf(type);
      if (steps.isEmpty()) {
        continue;
      }
      any = true;
      md.append("- `").append(type).append("`: ");
      md.append(
          String.join(
              " → ", steps.stream().map(s -> code(mapper.writeValueAsString(s.toMap()))).toList()));
      md.append("\n");
    }
    md.append(any ? "\n" : "None: the columns are the tables' own.\n\n");
  }

  private void sampleAndSplit(CardFacts facts, StringBuilder md) {
    ExportRequest request = facts.config();
    md.append("## Sample and split\n\n");
    if (request.sample() == null) {
      md.append("- Sample: none (every row the filters select).\n");
    } else {
      var sample = request.sample();
      md.append("- Sample: ")
          .append(
              sample.fraction() != null
                  ? "a fraction of " + sample.fraction() + " of the rows"
                  : "about " + sample.rows() + " rows per data type")
          .append(", kept by the keyed hash of ")
          .append(sample.key() == null ? "each type's id column" : code(sample.key()))
          .append(" with seed ")
          .append(code(sample.seed()))
          .append(" (the same request keeps the same rows).\n");
    }
    if (request.split() == null) {
      md.append(
          "- Split: none; the card names the files `"
              + CardFacts.DEFAULT_SPLIT
              + "` for loaders that need a split.\n");
    } else {
      var split = request.split();
      md.append("- Split: ");
      md.append(
          String.join(
              ", ",
              split.ratios().entrySet().stream()
                  .map(e -> e.getKey() + " " + e.getValue())
                  .toList()));
      md.append(" by the keyed hash of ")
          .append(split.key() == null ? "each type's id column" : code(split.key()))
          .append(" with seed ")
          .append(code(split.seed()))
          .append(
              ": a row's split depends only on its key, so rows sharing a key share a split.\n");
    }
    md.append("\n");
  }

  /**
   * Text for a table cell: line breaks as spaces, long values cut, and Markdown's punctuation
   * escaped, so a value can neither end the cell nor become a link, an image or code.
   */
  static String cell(String text) {
    if (text == null) {
      return "";
    }
    String s = text.replace("\r", " ").replace("\n", " ");
    if (s.length() > CELL) {
      s = s.substring(0, CELL) + "…";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '&' -> out.append("&amp;");
        case '\\', '|', '`', '[', ']', '!', '(', ')' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A code fence longer than any run of backticks in {@code text}, so the text cannot end it. */
  static String fenceFor(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  private static String code(Object text) {
    String s = String.valueOf(text).replace("`", "'");
    return "`" + s + "`";
  }
}

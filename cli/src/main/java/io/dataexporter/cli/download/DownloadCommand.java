package io.dataexporter.cli.download;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code download ID DIR}: every file of a completed export, verified. */
@Command(
    mixinStandardHelpOptions = true,
    name = "download",
    description = {
      "Download a completed export's files into DIR, verified.",
      "Every file (data and rejected records, README.md, schema.json) is fetched through",
      "its presigned URL and kept only if its size and SHA-256 match the server's listing;",
      "manifest.json is saved beside them. Files land in their listed folders",
      "(split/type/partition), so DIR is a dataset that Hugging Face",
      "datasets.load_dataset(DIR) reads."
    })
public final class DownloadCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(index = "0", paramLabel = "ID", description = "The export's id.")
  String exportId;

  @Parameters(
      index = "1",
      paramLabel = "DIR",
      description = "Directory to save into (created if missing).")
  Path dir;

  @Option(
      names = {"-t", "--data-type"},
      paramLabel = "TYPE",
      split = ",",
      description = {
        "Only this data type's files, however many (repeat it, or a comma list);",
        "the data card, schema and manifest come too."
      })
  Set<String> dataTypes = new LinkedHashSet<>();

  public DownloadCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    VerifiedDownload.Result result =
        new VerifiedDownload(session.api(), session.mapper()).into(exportId, dir, dataTypes);
    if (session.json()) {
      session.printJson(result.listing());
    } else {
      print(result, session);
    }
    return Exit.OK;
  }

  /** One line per saved file on stdout, the verdict on stderr. */
  public static void print(VerifiedDownload.Result result, Session session) {
    boolean layout =
        result.files().stream().anyMatch(f -> f.split() != null || f.partition() != null);
    Table table =
        layout
            ? new Table("FILE", "KIND", "SPLIT", "PARTITION", ">RECORDS", ">BYTES", "SHA-256")
            : new Table("FILE", "KIND", ">RECORDS", ">BYTES", "SHA-256");
    for (VerifiedDownload.Saved file : result.files()) {
      List<String> cells = new ArrayList<>();
      cells.add(file.path().toString());
      cells.add(dash(file.kind()));
      if (layout) {
        cells.add(dash(file.split()));
        cells.add(dash(file.partition()));
      }
      cells.add(Long.toString(file.records()));
      cells.add(Long.toString(file.size()));
      cells.add(file.sha256());
      table.row(cells.toArray(String[]::new));
    }
    table.print(session.out());
    session.out().flush();
    long bytes = result.files().stream().mapToLong(VerifiedDownload.Saved::size).sum();
    session
        .err()
        .println(
            result.files().size()
                + " file(s), "
                + Text.bytes(bytes)
                + ", size and SHA-256 verified");
    session.err().flush();
  }

  private static String dash(String text) {
    return text == null ? "-" : text;
  }
}

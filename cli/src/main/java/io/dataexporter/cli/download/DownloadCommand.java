package io.dataexporter.cli.download;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code download ID DIR}: every file of a completed export, verified. */
@Command(
    mixinStandardHelpOptions = true,
    name = "download",
    description = {
      "Download a completed export's files into DIR, verified.",
      "Every file (data and rejected records) is fetched through its presigned",
      "URL and kept only if its size and SHA-256 match the server's listing."
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

  public DownloadCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    VerifiedDownload.Result result =
        new VerifiedDownload(session.api(), session.mapper()).into(exportId, dir);
    if (session.json()) {
      session.printJson(result.listing());
    } else {
      print(result, session);
    }
    return Exit.OK;
  }

  /** One line per saved file on stdout, the verdict on stderr. */
  public static void print(VerifiedDownload.Result result, Session session) {
    Table table = new Table("FILE", "KIND", ">RECORDS", ">BYTES", "SHA-256");
    for (VerifiedDownload.Saved file : result.files()) {
      table.row(
          file.path().toString(),
          file.kind() == null ? "-" : file.kind(),
          Long.toString(file.records()),
          Long.toString(file.size()),
          file.sha256());
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
}

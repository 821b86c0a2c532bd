package io.dataexporter.cli.export;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import io.dataexporter.cli.download.DownloadCommand;
import io.dataexporter.cli.download.VerifiedDownload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code export TYPE... [options]}: creates an export, optionally waits for it and downloads it.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "export",
    description = {
      "Create an export and print its id.",
      "--wait follows it to the end (progress on stderr); --download also fetches",
      "and verifies its files. Exits 1 when the export ends failed or cancelled."
    })
public final class ExportCommand implements Callable<Integer> {
  private static final Duration POLL_EVERY = Duration.ofSeconds(1);

  private final Session session;

  @Mixin ExportRequestOptions request = new ExportRequestOptions();

  @Option(
      names = "--wait",
      description = "Follow the export until it completes, fails or is cancelled.")
  boolean wait;

  @Option(
      names = "--download",
      paramLabel = "DIR",
      description = "After completion, download and verify every file into DIR (implies --wait).")
  Path download;

  public ExportCommand(Session session) {
    this.session = session;
  }

  /** The options as the request body they make; for tests. */
  ExportRequestOptions request() {
    return request;
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (request.dataTypes().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Missing data types: give them as arguments (logs ips) or -t TYPE");
    }
    ExporterApi api = session.api();
    JsonNode created = api.post("/", request.body(session.mapper()));
    String id = Text.field(created, "export_id");
    if (!wait && download == null) {
      if (session.json()) {
        session.printJson(created);
      } else {
        session.out().println(id);
        session.out().flush();
      }
      return Exit.OK;
    }
    if (!session.json()) {
      // the id first, so that a script or an interrupted wait still has it
      session.out().println(id);
      session.out().flush();
    }
    return followAndReport(session, id, download);
  }

  /**
   * Follows export {@code id} to its end (progress on stderr), then reports it: on completion the
   * summary line on stderr (and with {@code download} the verified files), otherwise why it ended;
   * with {@code --json} the final status on stdout. Returns the exit code.
   */
  public static int followAndReport(Session session, String id, Path download) {
    ExporterApi api = session.api();
    String status = followToEnd(session, api, id);
    JsonNode finished = api.get("/" + ExporterApi.segment(id) + "/status");
    PrintWriter err = session.err();
    if (!status.equals("completed")) {
      if (session.json()) {
        session.printJson(finished);
      }
      String why = Text.field(finished, "error_message");
      err.println("export " + id + " " + status + (why == null ? "" : ": " + why));
      err.flush();
      return Exit.FAILED;
    }
    VerifiedDownload.Result files =
        download == null ? null : new VerifiedDownload(api, session.mapper()).into(id, download);
    if (session.json()) {
      session.printJson(finished);
    } else if (files != null) {
      DownloadCommand.print(files, session);
    }
    err.println(
        "export "
            + id
            + " completed: "
            + finished.path("total_records").asLong()
            + " records, "
            + Text.bytes(finished.path("total_size").asLong()));
    err.flush();
    return Exit.OK;
  }

  /** Follows the export; on Ctrl-C says that the export goes on without us. */
  private static String followToEnd(Session session, ExporterApi api, String id) {
    PrintWriter err = session.err();
    Thread hint =
        new Thread(
            () -> {
              err.println();
              err.println(
                  "stopped waiting; export " + id + " goes on (exporter-cli cancel " + id + ")");
              err.flush();
            });
    Runtime.getRuntime().addShutdownHook(hint);
    try {
      ProgressDisplay display = new ProgressDisplay(err, session.errIsTerminal());
      return new FollowProgress(api, session.mapper(), display, POLL_EVERY).follow(id);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // the hint is printing already
      }
    }
  }
}

package io.dataexporter.cli.manage;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code cancel ID}, {@code retry ID} and {@code delete ID}: one call each on one export. */
public final class ControlCommands {
  private ControlCommands() {}

  /** The export's id and the session; each command makes one call with it. */
  abstract static class OnExport implements Callable<Integer> {
    final Session session;

    @Parameters(paramLabel = "ID", description = "The export's id.")
    String exportId;

    OnExport(Session session) {
      this.session = session;
    }

    String path() {
      return "/" + ExporterApi.segment(exportId);
    }

    /** Prints the answer (the server's JSON, or {@code line} for people). */
    Integer done(JsonNode answer, String line) {
      if (session.json()) {
        session.printJson(answer);
      } else {
        session.out().println(line);
        session.out().flush();
      }
      return Exit.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "cancel",
      description = "Stop an unfinished export; its partial files are removed.")
  public static final class Cancel extends OnExport {
    public Cancel(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      JsonNode export = session.api().post(path() + "/cancel", null);
      return done(export, exportId + " " + Text.field(export, "status", "?"));
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "retry",
      description = "Re-run what failed in a failed export.")
  public static final class Retry extends OnExport {
    public Retry(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      JsonNode export = session.api().post(path() + "/retry", null);
      return done(export, exportId + " " + Text.field(export, "status", "?"));
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = "Delete an export's files and records.")
  public static final class Delete extends OnExport {
    public Delete(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      JsonNode answer = session.api().delete(path());
      return done(
          answer,
          exportId + " deleted, " + Text.bytes(answer.path("freed_bytes").asLong()) + " freed");
    }
  }
}

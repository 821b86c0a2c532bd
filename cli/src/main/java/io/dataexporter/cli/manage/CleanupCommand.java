package io.dataexporter.cli.manage;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code cleanup}: deletes the exports past the server's retention (admin token). */
@Command(
    mixinStandardHelpOptions = true,
    name = "cleanup",
    description = "Delete exports older than the server's retention (admin only).")
public final class CleanupCommand implements Callable<Integer> {
  private final Session session;

  public CleanupCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode result = session.api().post("/cleanup", null);
    if (session.json()) {
      session.printJson(result);
      return Exit.OK;
    }
    session
        .out()
        .println(
            result.path("deleted_exports").asLong()
                + " export(s) created before "
                + Text.time(Text.field(result, "older_than"))
                + " deleted, "
                + Text.bytes(result.path("freed_bytes").asLong())
                + " freed");
    session.out().flush();
    return Exit.OK;
  }
}

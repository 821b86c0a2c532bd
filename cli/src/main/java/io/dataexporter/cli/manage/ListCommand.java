package io.dataexporter.cli.manage;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Pages;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code list}: the export history, newest first. */
@Command(
    mixinStandardHelpOptions = true,
    name = "list",
    description = "List exports, newest first.")
public final class ListCommand implements Callable<Integer> {
  private final Session session;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--offset",
      defaultValue = "0",
      description = "How many of the newest to skip (default: ${DEFAULT-VALUE}).")
  int offset;

  public ListCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode page = session.api().get("/?limit=" + limit + "&offset=" + offset);
    if (session.json()) {
      session.printJson(page);
      return Exit.OK;
    }
    Table table = new Table("ID", "STATUS", "CREATED", "TYPES", "FORMAT", ">RECORDS", ">SIZE");
    for (JsonNode export : page.path("items")) {
      table.row(
          Text.field(export, "export_id", "?"),
          Text.field(export, "status", "?"),
          Text.time(Text.field(export, "created_at")),
          Text.list(export.path("data_types")),
          Text.field(export, "output_format", "?") + Text.fileSuffix(export, export.path("config")),
          Long.toString(export.path("total_records").asLong()),
          Text.bytes(export.path("total_size").asLong()));
    }
    table.print(session.out());
    Pages.footer(session, page);
    return Exit.OK;
  }
}

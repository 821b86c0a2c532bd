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

/** {@code templates}: the saved export templates, by name. */
@Command(
    mixinStandardHelpOptions = true,
    name = "templates",
    description = "List export templates by name.")
public final class TemplatesCommand implements Callable<Integer> {
  private final Session session;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "How many, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--offset",
      defaultValue = "0",
      description = "How many to skip (default: ${DEFAULT-VALUE}).")
  int offset;

  public TemplatesCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode page = session.api().get("/templates?limit=" + limit + "&offset=" + offset);
    if (session.json()) {
      session.printJson(page);
      return Exit.OK;
    }
    Table table = new Table("ID", "NAME", "TYPES", "FORMAT", "OWNER", "UPDATED");
    for (JsonNode template : page.path("items")) {
      JsonNode config = template.path("config");
      table.row(
          Text.field(template, "template_id", "?"),
          Text.field(template, "name", "?"),
          Text.list(config.path("data_types")),
          Text.field(config, "output_format", "?") + Text.fileSuffix(config, config),
          Text.field(template, "owner", "-"),
          Text.time(Text.field(template, "updated_at")));
    }
    table.print(session.out());
    Pages.footer(session, page);
    return Exit.OK;
  }
}

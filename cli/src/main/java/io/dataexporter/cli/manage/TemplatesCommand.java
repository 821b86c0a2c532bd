package io.dataexporter.cli.manage;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.DatasetText;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Pages;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import io.dataexporter.cli.console.UsageProblem;
import io.dataexporter.cli.export.ExportRequestOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code templates}: the saved export templates, by name; {@code templates create} and {@code
 * templates delete ID}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "templates",
    description = {
      "List export templates by name; 'templates show ID' shows one, 'templates create'",
      "saves one from the export options, 'templates delete ID' removes one."
    })
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

  private TemplatesCommand(Session session) {
    this.session = session;
  }

  /** {@code templates} with its subcommands, each calling the API through {@code session}. */
  public static CommandLine commandLine(Session session) {
    return new CommandLine(new TemplatesCommand(session))
        .addSubcommand(new Show(session))
        .addSubcommand(new Create(session))
        .addSubcommand(new Delete(session));
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

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "Show a template: its name and the export it runs (format, dataset, filters).")
  static final class Show implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The template's id.")
    String templateId;

    Show(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      JsonNode template = session.api().get("/templates/" + ExporterApi.segment(templateId));
      if (session.json()) {
        session.printJson(template);
        return Exit.OK;
      }
      PrintWriter out = session.out();
      JsonNode config = template.path("config");
      line(out, "template", Text.field(template, "template_id"));
      line(out, "name", Text.field(template, "name"));
      line(out, "description", Text.field(template, "description"));
      line(out, "owner", Text.field(template, "owner"));
      line(out, "data types", Text.list(config.path("data_types")));
      line(
          out,
          "format",
          Text.field(config, "output_format", "json") + Text.fileTreatment(config, false));
      DatasetText.lines(config).forEach((name, value) -> line(out, name, value));
      JsonNode filters = config.path("filters");
      if (filters.isObject() && !filters.isEmpty()) {
        line(out, "filters", session.mapper().writeValueAsString(filters));
      }
      line(out, "created", Text.time(Text.field(template, "created_at")));
      line(out, "updated", Text.time(Text.field(template, "updated_at")));
      out.flush();
      return Exit.OK;
    }

    private static void line(PrintWriter out, String name, String value) {
      out.printf("%-11s %s%n", name, value == null ? "-" : value);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = {
        "Save a template: --name and the options of 'export' (its config); print its id.",
        "e.g. templates create --name errors logs --filter 'level in ERROR,WARN' --compression zstd"
      })
  static final class Create implements Callable<Integer> {
    private final Session session;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Its name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
    String description;

    @Mixin ExportRequestOptions config = new ExportRequestOptions();

    Create(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      if (config.dataTypes().isEmpty()) {
        throw new UsageProblem("give the data types as arguments (logs ips) or -t TYPE");
      }
      ObjectNode body = session.mapper().createObjectNode().put("name", name);
      if (description != null) {
        body.put("description", description);
      }
      body.set("config", config.body(session.mapper()));
      JsonNode saved = session.api().post("/templates", body);
      if (session.json()) {
        session.printJson(saved);
      } else {
        session.out().println(Text.field(saved, "template_id", "?"));
        session.out().flush();
      }
      return Exit.OK;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "delete", description = "Delete a template.")
  static final class Delete implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The template's id.")
    String templateId;

    Delete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      JsonNode answer = session.api().delete("/templates/" + ExporterApi.segment(templateId));
      if (session.json()) {
        session.printJson(
            answer.isObject()
                ? answer
                : session
                    .mapper()
                    .createObjectNode()
                    .put("template_id", templateId)
                    .put("deleted", true));
      } else {
        session.out().println(templateId + " deleted");
        session.out().flush();
      }
      return Exit.OK;
    }
  }
}

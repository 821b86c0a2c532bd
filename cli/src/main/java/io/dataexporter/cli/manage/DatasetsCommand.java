package io.dataexporter.cli.manage;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code datasets [TYPE...]}: the data types, their columns and the filter operators of each. */
@Command(
    mixinStandardHelpOptions = true,
    name = "datasets",
    description = {
      "List the data types with their columns, each column's type and the --filter operators",
      "it takes (time: the column --start/--end apply to; id: the row id)."
    })
public final class DatasetsCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(
      paramLabel = "TYPE",
      arity = "0..*",
      split = ",",
      description = "Only these data types (default: all).")
  List<String> only = new ArrayList<>();

  public DatasetsCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode datasets = session.api().at(ExporterApi.DATASETS_PATH).get("");
    if (session.json()) {
      session.printJson(datasets);
      return Exit.OK;
    }
    Table table = new Table("DATASET", "COLUMN", "TYPE", "ROLE", "OPERATORS");
    for (JsonNode dataset : datasets.path("items")) {
      String name = Text.field(dataset, "name", "?");
      if (!only.isEmpty() && !only.contains(name)) {
        continue;
      }
      for (JsonNode column : dataset.path("columns")) {
        String columnName = Text.field(column, "name", "?");
        table.row(
            name,
            columnName,
            Text.field(column, "type", "?"),
            columnName.equals(Text.field(dataset, "time_column"))
                ? "time"
                : columnName.equals(Text.field(dataset, "id_column")) ? "id" : "",
            Text.list(column.path("filter_operators")));
      }
    }
    table.print(session.out());
    session.out().flush();
    return Exit.OK;
  }
}

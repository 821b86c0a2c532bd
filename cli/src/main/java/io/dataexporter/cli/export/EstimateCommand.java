package io.dataexporter.cli.export;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code estimate TYPE... [options]}: what the same {@code export} would produce; nothing runs. */
@Command(
    mixinStandardHelpOptions = true,
    name = "estimate",
    description = {
      "Estimate the records, bytes and shards an export with these options would have",
      "(a sample and a split included); nothing is run or stored."
    })
public final class EstimateCommand implements Callable<Integer> {
  private final Session session;

  @Mixin ExportRequestOptions request = new ExportRequestOptions();

  @Spec CommandSpec spec;

  public EstimateCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    if (request.dataTypes().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Missing data types: give them as arguments (logs ips) or -t TYPE");
    }
    JsonNode estimate = session.api().post("/estimate", request.body(session.mapper()));
    if (session.json()) {
      session.printJson(estimate);
      return Exit.OK;
    }
    Table types = new Table("TYPE", ">RECORDS", ">BYTES", ">SHARDS", "METHOD");
    for (Map.Entry<String, JsonNode> type : estimate.path("data_types").properties()) {
      JsonNode figures = type.getValue();
      types.row(
          type.getKey(),
          Long.toString(figures.path("records").asLong()),
          Text.bytes(figures.path("bytes").asLong()),
          Integer.toString(figures.path("shards").size()),
          Text.field(figures, "method", "-"));
    }
    types.print(session.out());
    JsonNode splits = estimate.path("splits");
    if (splits.isObject() && !splits.isEmpty()) {
      session.out().println();
      Table bySplit = new Table("SPLIT", "TYPE", ">RECORDS");
      for (Map.Entry<String, JsonNode> split : splits.properties()) {
        for (Map.Entry<String, JsonNode> type : split.getValue().properties()) {
          bySplit.row(split.getKey(), type.getKey(), Long.toString(type.getValue().asLong()));
        }
      }
      bySplit.print(session.out());
    }
    session.out().flush();
    session
        .err()
        .println(
            "about "
                + estimate.path("total_records").asLong()
                + " records, "
                + Text.bytes(estimate.path("total_bytes").asLong()));
    session.err().flush();
    return Exit.OK;
  }
}

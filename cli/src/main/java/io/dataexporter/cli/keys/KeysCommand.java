package io.dataexporter.cli.keys;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Pages;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import io.dataexporter.cli.console.UsageProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code keys SUBCOMMAND}: the OpenPGP public keys exports are encrypted to. */
@Command(
    mixinStandardHelpOptions = true,
    name = "keys",
    description = {
      "Manage OpenPGP public keys: exports given --encrypt-to KEY are encrypted to them.",
      "The server holds public keys only. See docs/cli.md."
    })
public final class KeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private KeysCommand() {}

  /**
   * {@code keys} with its subcommands, each calling {@code /api/v1/keys} through {@code session}.
   */
  public static CommandLine commandLine(Session session) {
    return new CommandLine(new KeysCommand())
        .addSubcommand(new Add(session))
        .addSubcommand(new ListKeys(session))
        .addSubcommand(new Show(session))
        .addSubcommand(new Delete(session));
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  private static ExporterApi api(Session session) {
    return session.api().at(ExporterApi.KEYS_PATH);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "add",
      description = {
        "Upload an ASCII-armored public key (gpg --armor --export ID) and print its id;",
        "its fingerprint follows on stderr. FILE '-' reads stdin."
      })
  static final class Add implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "FILE", description = "The armored public key, or - for stdin.")
    String file;

    @Option(names = "--name", paramLabel = "NAME", description = "A label for the key.")
    String name;

    Add(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      ObjectNode body = session.mapper().createObjectNode();
      body.put("public_key", read(file));
      if (name != null) {
        body.put("name", name);
      }
      JsonNode key = api(session).post("", body);
      if (session.json()) {
        session.printJson(key);
        return Exit.OK;
      }
      session.out().println(Text.field(key, "id", "?"));
      session.out().flush();
      session
          .err()
          .println(
              "key "
                  + Text.field(key, "name", "(no name)")
                  + ": fingerprint "
                  + Text.field(key, "fingerprint", "?")
                  + ", key id "
                  + Text.field(key, "key_id", "?")
                  + ", "
                  + Text.field(key, "algorithm", "?")
                  + ", "
                  + Text.list(key.path("user_ids"))
                  + ", expires "
                  + Text.time(Text.field(key, "expires_at", "never")));
      session.err().flush();
      return Exit.OK;
    }

    private static String read(String file) {
      try {
        String text =
            file.equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file));
        if (text.isBlank()) {
          throw new UsageProblem((file.equals("-") ? "stdin" : file) + " is empty");
        }
        return text;
      } catch (IOException e) {
        throw new UsageProblem("cannot read " + file + ": " + e);
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "List your public keys (an admin sees everyone's).")
  static final class ListKeys implements Callable<Integer> {
    private final Session session;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "How many (server default and maximum apply).")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "How many to skip.")
    Integer offset;

    ListKeys(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      String query =
          (limit == null ? "" : "&limit=" + limit) + (offset == null ? "" : "&offset=" + offset);
      JsonNode page = api(session).get(query.isEmpty() ? "" : "?" + query.substring(1));
      if (session.json()) {
        session.printJson(page);
        return Exit.OK;
      }
      Table table =
          new Table("ID", "NAME", "FINGERPRINT", "ALGORITHM", "EXPIRES", "CREATED", "USER IDS");
      for (JsonNode key : page.path("items")) {
        table.row(
            Text.field(key, "id", "?"),
            Text.field(key, "name", "-"),
            Text.field(key, "fingerprint", "?"),
            Text.field(key, "algorithm", "?"),
            Text.field(key, "expires_at") == null
                ? "never"
                : Text.time(Text.field(key, "expires_at")),
            Text.time(Text.field(key, "created_at")),
            Text.list(key.path("user_ids")));
      }
      table.print(session.out());
      Pages.footer(session, page);
      return Exit.OK;
    }
  }

  /** A subcommand about one key, given by its id. */
  abstract static class OnKey implements Callable<Integer> {
    final Session session;

    @Parameters(paramLabel = "ID", description = "The key's id.")
    String keyId;

    OnKey(Session session) {
      this.session = session;
    }

    String path() {
      return "/" + ExporterApi.segment(keyId);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "Show a public key: fingerprint, key id, algorithm, user ids, expiry.")
  static final class Show extends OnKey {
    Show(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      JsonNode key = api(session).get(path());
      if (session.json()) {
        session.printJson(key);
        return Exit.OK;
      }
      PrintWriter out = session.out();
      line(out, "key", Text.field(key, "id"));
      line(out, "name", Text.field(key, "name"));
      line(out, "fingerprint", Text.field(key, "fingerprint"));
      line(out, "key id", Text.field(key, "key_id"));
      line(out, "algorithm", Text.field(key, "algorithm"));
      line(out, "user ids", Text.list(key.path("user_ids")));
      line(out, "created", Text.time(Text.field(key, "created_at")));
      line(out, "expires", Text.time(Text.field(key, "expires_at", "never")));
      out.flush();
      return Exit.OK;
    }

    private static void line(PrintWriter out, String name, String value) {
      out.printf("%-12s %s%n", name, value == null || value.isEmpty() ? "-" : value);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = "Delete a public key; exports already encrypted to it stay readable.")
  static final class Delete extends OnKey {
    Delete(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      JsonNode answer = api(session).delete(path());
      if (session.json()) {
        session.printJson(
            answer.isObject()
                ? answer
                : session.mapper().createObjectNode().put("id", keyId).put("deleted", true));
      } else {
        session.out().println(keyId + " deleted");
        session.out().flush();
      }
      return Exit.OK;
    }
  }
}

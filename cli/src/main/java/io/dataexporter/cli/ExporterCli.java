package io.dataexporter.cli;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Failures;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.download.DownloadCommand;
import io.dataexporter.cli.export.EstimateCommand;
import io.dataexporter.cli.export.ExportCommand;
import io.dataexporter.cli.keys.KeysCommand;
import io.dataexporter.cli.manage.CleanupCommand;
import io.dataexporter.cli.manage.ControlCommands;
import io.dataexporter.cli.manage.DatasetsCommand;
import io.dataexporter.cli.manage.ListCommand;
import io.dataexporter.cli.manage.StatusCommand;
import io.dataexporter.cli.manage.TemplatesCommand;
import io.dataexporter.cli.schedule.SchedulesCommand;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code exporter-cli}: the Data Exporter's API from the command line. */
@Command(
    name = "exporter-cli",
    mixinStandardHelpOptions = true,
    versionProvider = ExporterCli.Version.class,
    description = "Create, follow, download and manage exports of the Data Exporter.",
    footer = {
      "",
      "Exit codes:",
      "  0  success",
      "  1  the export failed or was cancelled, or the operation failed",
      "     (404, 409, 429, 500, a download that does not match its listing)",
      "  2  usage error: a bad option or file, or a 400, 413 or 415 answer",
      "  3  authentication or permission: 401, 403",
      "  4  server unreachable (also 502, 503, 504: a proxy, or a service the gateway needs is down)",
      "See docs/cli.md."
    })
public final class ExporterCli implements Callable<Integer> {
  private final Session session;

  @Spec CommandSpec spec;

  ExporterCli(Session session) {
    this.session = session;
  }

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      defaultValue = "${env:EXPORTER_URL:-http://127.0.0.1:8080}",
      description = "The server (env EXPORTER_URL; default: http://127.0.0.1:8080).")
  void url(String url) {
    session.url(url);
  }

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      defaultValue = "${env:EXPORTER_TOKEN}",
      description = "The bearer token (env EXPORTER_TOKEN).")
  void token(String token) {
    session.token(token);
  }

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the server's JSON (one document on stdout) instead of text.")
  void json(boolean json) {
    session.json(json);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** The command line, writing to {@code out} and {@code err}. */
  static CommandLine commandLine(Session session) {
    CommandLine cli =
        new CommandLine(new ExporterCli(session))
            .addSubcommand(new ExportCommand(session))
            .addSubcommand(new EstimateCommand(session))
            .addSubcommand(new StatusCommand(session))
            .addSubcommand(new ListCommand(session))
            .addSubcommand(new DownloadCommand(session))
            .addSubcommand(new ControlCommands.Cancel(session))
            .addSubcommand(new ControlCommands.Retry(session))
            .addSubcommand(new ControlCommands.Delete(session))
            .addSubcommand(TemplatesCommand.commandLine(session))
            .addSubcommand(SchedulesCommand.commandLine(session))
            .addSubcommand(KeysCommand.commandLine(session))
            .addSubcommand(new DatasetsCommand(session))
            .addSubcommand(new CleanupCommand(session))
            .addSubcommand(new CommandLine.HelpCommand());
    // -V on a command prints the same version as on the whole
    useVersion(cli);
    cli.setOut(session.out());
    cli.setErr(session.err());
    cli.setExecutionExceptionHandler((failure, line, parsed) -> Failures.report(failure, session));
    cli.setParameterExceptionHandler(ExporterCli::usageError);
    return cli;
  }

  /** Gives every command, nested ones too, the whole's version provider. */
  private static void useVersion(CommandLine line) {
    line.getSubcommands()
        .values()
        .forEach(
            c -> {
              c.getCommandSpec().versionProvider(new Version());
              useVersion(c);
            });
  }

  /** Runs one command line and returns its exit code. */
  static int run(Session session, String... args) {
    return commandLine(session).execute(args);
  }

  public static void main(String[] args) {
    Charset charset = Charset.defaultCharset();
    Session session =
        new Session(
            new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
            new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true),
            Terminal.stderrIsTerminal());
    System.exit(run(session, args));
  }

  /** The error and a pointer to the help, not the whole usage text. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return Exit.USAGE;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ExporterCli.class.getPackage().getImplementationVersion();
      return new String[] {"exporter-cli " + (version == null ? "(development)" : version)};
    }
  }
}

package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the server's answers and failures to reach it become output and exit codes. */
class ServerAnswersTest {
  private static final String ID = "11111111-2222-3333-4444-555555555555";
  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  @Test
  void a_400_is_a_usage_error_listing_each_bad_field() {
    server.json(
        "POST",
        "/api/v1/export/",
        400,
        """
        {"title": "Invalid export request", "status": 400,
         "detail": "data_types: unknown data type 'metrics'; batch_size: must be an integer from 1 to 100000",
         "errors": [{"field": "data_types", "message": "unknown data type 'metrics'"},
                    {"field": "batch_size", "message": "must be an integer from 1 to 100000"}]}""");
    CliRun run = run("export", "metrics", "--batch-size", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("400 Invalid export request")
        .contains("  data_types: unknown data type 'metrics'")
        .contains("  batch_size: must be an integer from 1 to 100000");
  }

  @Test
  void with_json_the_problem_document_itself_goes_to_stderr() {
    String problem =
        "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"export " + ID + " not found\"}";
    server.json("GET", "/api/v1/export/" + ID + "/status", 404, problem);
    CliRun run = run("status", ID, "--json");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).isEqualTo(problem);
  }

  @Test
  void a_401_or_403_is_an_authentication_error() {
    server.json(
        "GET",
        "/api/v1/export/?limit=20&offset=0",
        401,
        "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"a valid bearer token is required\"}");
    server.json(
        "POST",
        "/api/v1/export/cleanup",
        403,
        "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"admin only\"}");
    CliRun list = run("list");
    assertThat(list.exitCode()).isEqualTo(3);
    assertThat(list.err()).contains("401 Unauthorized").contains("EXPORTER_TOKEN");
    CliRun cleanup = run("cleanup", "--token", "user-token");
    assertThat(cleanup.exitCode()).isEqualTo(3);
    assertThat(cleanup.err()).contains("403 Forbidden: admin only");
  }

  @Test
  void not_found_conflict_and_server_errors_fail_with_1_and_extra_members_are_shown() {
    server.json(
        "POST",
        "/api/v1/export/" + ID + "/cancel",
        409,
        "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"export is completed\"}");
    server.json(
        "DELETE",
        "/api/v1/export/" + ID,
        500,
        "{\"title\":\"Internal Server Error\",\"status\":500,\"detail\":\"the request failed\",\"reference\":\"abc123\"}");
    server.json(
        "POST",
        "/api/v1/export/" + ID + "/retry",
        429,
        "{\"title\":\"Too Many Requests\",\"status\":429}");
    assertThat(run("status", ID).exitCode()).as("no stub: 404").isEqualTo(1);
    CliRun cancel = run("cancel", ID);
    assertThat(cancel.exitCode()).isEqualTo(1);
    assertThat(cancel.err()).contains("409 Conflict: export is completed");
    CliRun delete = run("delete", ID);
    assertThat(delete.exitCode()).isEqualTo(1);
    assertThat(delete.err()).contains("reference: abc123");
    CliRun retry = run("retry", ID);
    assertThat(retry.exitCode()).isEqualTo(1);
    assertThat(retry.err()).contains("retry after: 7 s");
  }

  @Test
  void a_proxys_503_page_counts_as_unreachable() {
    server.on(
        "GET",
        "/api/v1/export/templates?limit=100&offset=0",
        503,
        "text/html",
        "<html>down</html>");
    CliRun run = run("templates");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("503").contains("<html>down</html>");
  }

  @Test
  void a_port_where_nothing_listens_is_unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.run("list", "--url", "http://127.0.0.1:" + port);
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:" + port);
  }

  @Test
  void global_options_work_before_and_after_the_command() {
    server.json(
        "GET",
        "/api/v1/export/?limit=5&offset=10",
        200,
        "{\"items\":[],\"total\":3,\"limit\":5,\"offset\":10}");
    CliRun before =
        CliRun.run(
            "--json",
            "--url",
            server.url(),
            "--token",
            "t",
            "list",
            "--limit",
            "5",
            "--offset",
            "10");
    CliRun after =
        CliRun.run(
            "list", "--limit=5", "--offset=10", "--token=t", "--json", "--url=" + server.url());
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(after.out()).isEqualTo(before.out());
    assertThat(server.requests)
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer t"));
  }

  @Test
  void list_prints_a_table_and_where_the_page_is() {
    server.json(
        "GET",
        "/api/v1/export/?limit=20&offset=0",
        200,
        """
        {"items": [{"export_id": "%s", "status": "completed", "created_at": "2026-11-26T03:05:58.602297Z",
                    "data_types": ["logs", "ips"], "output_format": "jsonl", "is_compressed": true,
                    "total_records": 5000, "total_size": 278458},
                   {"export_id": "%s", "status": "failed", "created_at": "2026-11-26T03:00:00Z",
                    "data_types": ["flaky"], "output_format": "json", "is_compressed": false,
                    "total_records": 0, "total_size": 0}],
         "total": 7, "limit": 20, "offset": 0}"""
            .formatted(ID, ID.replace('1', '9')));
    CliRun run = run("list");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "ID                                    STATUS     CREATED               TYPES     FORMAT    RECORDS       SIZE",
            ID + "  completed  2026-11-26T03:05:58Z  logs,ips  jsonl.gz     5000  271.9 KiB",
            ID.replace('1', '9')
                + "  failed     2026-11-26T03:00:00Z  flaky     json            0        0 B");
    assertThat(run.err()).contains("1-2 of 7");
  }
}

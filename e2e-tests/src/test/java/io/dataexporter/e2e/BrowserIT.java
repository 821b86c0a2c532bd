package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The UI in a real browser: {@code ui/e2e/run.mjs} (playwright-core driving Debian's Chromium)
 * against the gateway of the running system, which serves the built UI. It logs in, starts an
 * export with a date range and a process filter, watches it complete, downloads its file and checks
 * every record against the filter and the count the database gives, finds it in history, deletes
 * it, makes a second export with a row filter built in the form (logs of level ERROR or WARN) and
 * zstd, decodes its file with {@code zstd -d} and checks it against the database's count, adds a
 * public key made by {@code gpg} on the Management page, encrypts a third export to it and decrypts
 * the file with {@code gpg --decrypt} (skipped without gpg), deletes the key, creates a schedule
 * (with the API's next fire times), runs it now and follows its run to its export, and cleans up,
 * failing on any browser console error or any serious or critical accessibility violation axe-core
 * finds on a page. With {@code -Dscreenshots=true} it also writes the pages' screenshots to {@code
 * docs/screenshots} (tracked, so only when asked).
 */
class BrowserIT {
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @Test
  void a_user_logs_in_exports_watches_downloads_finds_deletes_and_cleans_up_in_the_browser()
      throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Chromium not installed at " + CHROMIUM + " (.ci/run installs it)");
    RunningSystem system = RunningSystem.get();
    Path log = Path.of("target", "browser-e2e.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder npm =
        new ProcessBuilder("npm", "run", "e2e")
            .directory(new File("../ui"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    npm.environment().put("BASE_URL", system.baseUrl.replace("/api/v1/export", ""));
    npm.environment().put("TOKEN", RunningSystem.ADMIN_TOKEN);
    npm.environment().put("CHROMIUM", CHROMIUM.toString());
    npm.environment().put("E2E_EXPECT_RECORDS", Long.toString(expectedRecords(system)));
    npm.environment().put("E2E_EXPECT_FILTERED", Long.toString(expectedFilteredRecords(system)));
    if (Boolean.getBoolean("screenshots")) {
      npm.environment().put("SCREENSHOT_DIR", new File("../docs/screenshots").getAbsolutePath());
    }
    Process process = npm.start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as("browser run finished in time:\n" + output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("e2e: \\d+ passed, 0 failed");
  }

  /** What the browser's export (logs, 3 to 5 March 2024, processes nginx and sshd) must hold. */
  private static long expectedRecords(RunningSystem system) throws Exception {
    return count(system, "process IN ('nginx', 'sshd')");
  }

  /**
   * What the browser's filtered export (logs, 3 to 5 March 2024, level ERROR or WARN) must hold.
   */
  private static long expectedFilteredRecords(RunningSystem system) throws Exception {
    return count(system, "level IN ('ERROR', 'WARN')");
  }

  /** The logs rows from 3 to 5 March 2024 (UTC) that also meet {@code condition}. */
  private static long count(RunningSystem system, String condition) throws Exception {
    try (Connection c = system.services.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM public.logs WHERE \"timestamp\" >= '2024-03-03T00:00:00Z'"
                        + " AND \"timestamp\" < '2024-03-05T00:00:00Z'"
                        + " AND "
                        + condition)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

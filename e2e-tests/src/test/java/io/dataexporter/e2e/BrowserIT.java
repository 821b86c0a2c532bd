package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The UI in a real browser: {@code ui/e2e/run.mjs} (playwright-core driving Debian's Chromium)
 * against the gateway of the running system, which serves the built UI. It logs in, starts an
 * export, watches it complete, downloads a file, finds it in history, deletes it and cleans up,
 * failing on any browser console error. Screenshots go to {@code docs/screenshots}.
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
    npm.environment().put("SCREENSHOT_DIR", new File("../docs/screenshots").getAbsolutePath());
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
}

package io.dataexporter.cli.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.cli.console.OperationFailed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a listed file may land: under the download directory and nowhere else. */
class ListedPathTest {
  @TempDir Path dir;

  @Test
  void a_split_type_partition_path_lands_in_its_folders_under_the_directory() {
    assertThat(ListedPath.inside(dir, "train/logs/date=2024-01-01/part-00000.parquet"))
        .isEqualTo(
            dir.toAbsolutePath()
                .normalize()
                .resolve("train")
                .resolve("logs")
                .resolve("date=2024-01-01")
                .resolve("part-00000.parquet"));
    assertThat(ListedPath.inside(dir, "logs.csv.gz").getParent())
        .isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(ListedPath.inside(dir, "./README.md")).hasFileName("README.md");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/passwd",
        "../escape",
        "train/../../escape",
        "train/..",
        "..",
        "a..b/c",
        "train\\logs\\part.csv",
        "..\\escape",
        "bad\0name",
        "",
        " ",
        ".",
        "./"
      })
  void a_path_that_could_land_elsewhere_is_refused(String path) {
    assertThatThrownBy(() -> ListedPath.inside(dir, path))
        .isInstanceOf(OperationFailed.class)
        .hasMessageStartingWith("refusing the listed file '")
        .hasMessageEndingWith("; nothing saved");
  }

  @Test
  void the_refusal_says_why() {
    assertThatThrownBy(() -> ListedPath.inside(dir, "/tmp/x")).hasMessageContaining("is absolute");
    assertThatThrownBy(() -> ListedPath.inside(dir, "a/../b")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> ListedPath.inside(dir, "a\\b")).hasMessageContaining("backslash");
    assertThatThrownBy(() -> ListedPath.inside(dir, "a\0b"))
        .hasMessageContaining("'a\\0b'")
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> ListedPath.inside(dir, ".")).hasMessageContaining("lands outside");
  }
}

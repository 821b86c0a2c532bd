package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the README short and the documents true to each other: docs/api.md lists exactly the routes
 * of the checked-in OpenAPI document (which the gateway's drift test keeps equal to the served
 * one), and every relative link in README.md and docs/ points at a file and heading that exist.
 */
class DocumentationTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern ROUTE_ROW =
      Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE)` \\| `(/[^`]*)` \\|");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  void the_readme_stays_short() throws IOException {
    assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(300);
  }

  @Test
  void the_api_page_lists_exactly_the_routes_of_the_openapi_document() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(ROOT.resolve("docs/api.md"))) {
      Matcher row = ROUTE_ROW.matcher(line);
      if (row.find()) {
        documented.add(row.group(1) + " " + row.group(2));
      }
    }
    JsonNode paths =
        JsonMapper.builder()
            .build()
            .readTree(ROOT.resolve("docs/openapi.json").toFile())
            .path("paths");
    Set<String> specified = new TreeSet<>();
    for (String path : paths.propertyNames()) {
      for (String method : paths.path(path).propertyNames()) {
        if (METHODS.contains(method)) {
          specified.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    // the document does not list itself
    specified.add("GET /api/v1/openapi.json");
    assertThat(documented)
        .as("routes in docs/api.md's table (left) against docs/openapi.json (right)")
        .containsExactlyInAnyOrderElementsOf(specified);
  }

  @Test
  void every_relative_link_in_the_documents_resolves() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      Matcher link = LINK.matcher(Files.readString(document));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(document) + " -> " + target + " (no such file)");
        } else if (hash >= 0 && resolved.toString().endsWith(".md")) {
          String anchor = target.substring(hash + 1);
          if (!anchors(resolved).contains(anchor)) {
            broken.add(ROOT.relativize(document) + " -> " + target + " (no such heading)");
          }
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  private static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new TreeSet<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(markdown)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        anchors.add(heading.replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}

package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.gateway.usage.UsageBucket;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.webhook.WebhookDelivery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The enum values the OpenAPI document lists are written in the records' annotations; this test
 * holds them to the model's enums, so a new status, format or level cannot leave the contract (and
 * the UI types generated from it) behind.
 */
class ContractEnumsTest {
  private static final JsonNode SCHEMAS =
      JsonMapper.builder()
          .build()
          .readTree(Path.of("").toAbsolutePath().getParent().resolve("docs/openapi.json").toFile())
          .path("components")
          .path("schemas");

  /** "Schema.property" → the wire values of the enum it carries. */
  private static final Map<String, List<String>> EXPECTED =
      Map.ofEntries(
          Map.entry("Export.status", wire(ExportStatus.values())),
          Map.entry("CreatedExport.status", wire(ExportStatus.values())),
          Map.entry("ExportProgress.status", wire(ExportStatus.values())),
          Map.entry("ShardProgress.status", wire(ShardStatus.values())),
          Map.entry("Export.output_format", wire(OutputFormat.values())),
          Map.entry("CreatedExport.output_format", wire(OutputFormat.values())),
          Map.entry("ExportConfig.output_format", wire(OutputFormat.values())),
          Map.entry("ExportRequest.output_format", wire(OutputFormat.values())),
          Map.entry("Estimate.output_format", wire(OutputFormat.values())),
          Map.entry("ExportConfig.validation_level", wire(ValidationLevel.values())),
          Map.entry("ExportRequest.validation_level", wire(ValidationLevel.values())),
          Map.entry("Validation.level", wire(ValidationLevel.values())),
          Map.entry("UsageReport.bucket", wire(UsageBucket.values())),
          Map.entry("WebhookDelivery.status", wire(WebhookDelivery.Status.values())));

  @Test
  void every_status_format_and_level_in_the_document_is_the_models() {
    for (Map.Entry<String, List<String>> expected : EXPECTED.entrySet()) {
      String[] at = expected.getKey().split("\\.");
      JsonNode values = SCHEMAS.path(at[0]).path("properties").path(at[1]).path("enum");
      List<String> listed = new ArrayList<>();
      values.forEach(v -> listed.add(v.asString()));
      assertThat(listed).as(expected.getKey()).isEqualTo(expected.getValue());
    }
  }

  @Test
  void every_status_property_in_the_document_is_checked_here() {
    List<String> statusProperties = new ArrayList<>();
    for (String schema : SCHEMAS.propertyNames()) {
      for (String property : SCHEMAS.path(schema).path("properties").propertyNames()) {
        if (List.of("status", "output_format", "validation_level", "level").contains(property)
            && SCHEMAS.path(schema).path("properties").path(property).has("enum")) {
          statusProperties.add(schema + "." + property);
        }
      }
    }
    assertThat(statusProperties).isNotEmpty().allMatch(EXPECTED::containsKey);
  }

  private static List<String> wire(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }
}

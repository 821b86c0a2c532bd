package io.dataexporter.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

class DatasetPropertiesTest {

  private static DatasetRegistry bind(List<PropertySource<?>> sources) {
    return DatasetRegistry.from(
        new Binder(ConfigurationPropertySources.from(sources))
            .bind("exporter", DatasetProperties.class)
            .get());
  }

  @Test
  void the_default_registry_describes_every_column_of_its_three_tables() throws Exception {
    DatasetRegistry registry =
        bind(
            new YamlPropertySourceLoader()
                .load("datasets", new ClassPathResource("exporter-datasets.yml")));
    for (String type : List.of("logs", "anomalies", "ips")) {
      Dataset dataset = registry.get(type);
      assertThat(dataset.columns()).isNotEmpty();
      dataset.columns().forEach(c -> assertThat(dataset.description(c)).as(c).isNotBlank());
    }
    assertThat(registry.get("logs").columns())
        .containsExactly(
            "id",
            "timestamp",
            "host",
            "process",
            "pid",
            "level",
            "message",
            "source_ip",
            "metadata");
    assertThat(registry.get("logs").description("host")).isEqualTo("Host that wrote the line");
  }

  @Test
  void plain_column_names_and_mixed_lists_still_bind() throws Exception {
    String yaml =
        """
        exporter:
          datasets:
            events:
              table: public.events
              id-column: id
              time-column: at
              columns: [id, at, {name: kind, description: What happened}]
        """;
    DatasetRegistry registry =
        bind(new YamlPropertySourceLoader().load("y", new ByteArrayResource(yaml.getBytes())));
    assertThat(registry.get("events").columns()).containsExactly("id", "at", "kind");
    assertThat(registry.get("events").descriptions()).isEqualTo(Map.of("kind", "What happened"));

    // the comma-separated property form (environment variables, command line)
    DatasetRegistry flat =
        bind(
            List.of(
                new MapPropertySource(
                    "m",
                    Map.of(
                        "exporter.datasets.events.table", "public.events",
                        "exporter.datasets.events.id-column", "id",
                        "exporter.datasets.events.time-column", "at",
                        "exporter.datasets.events.columns", "id,at,kind"))));
    assertThat(flat.get("events").columns()).containsExactly("id", "at", "kind");
    assertThat(flat.get("events").descriptions()).isEmpty();
  }
}

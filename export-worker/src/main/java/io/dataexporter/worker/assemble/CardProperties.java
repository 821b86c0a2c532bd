package io.dataexporter.worker.assemble;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every export's data card ({@code README.md}) says about who answers for the data.
 *
 * @param owner the team or person that owns the exported data, named in the card; none when empty
 * @param license the card's {@code license} (a Hugging Face license identifier, e.g. {@code
 *     cc-by-4.0}); {@code other} by default
 */
@ConfigurationProperties("exporter.card")
public record CardProperties(String owner, @DefaultValue("other") String license) {
  public CardProperties {
    license = license == null || license.isBlank() ? "other" : license.strip();
    owner = owner == null || owner.isBlank() ? null : owner.strip();
  }
}

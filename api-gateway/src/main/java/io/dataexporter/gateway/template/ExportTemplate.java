package io.dataexporter.gateway.template;

import io.dataexporter.job.ExportRequest;
import io.dataexporter.webhook.WebhookTarget;
import java.time.Instant;
import java.util.UUID;

/**
 * A saved export configuration.
 *
 * @param id template id
 * @param name unique name
 * @param description free text, may be null
 * @param config the validated request it runs
 * @param owner the user it belongs to
 * @param webhook where the exports it runs announce their end; null = nowhere
 */
public record ExportTemplate(
    UUID id,
    String name,
    String description,
    ExportRequest config,
    Instant createdAt,
    Instant updatedAt,
    String owner,
    WebhookTarget webhook) {}

package io.dataexporter.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication and per-user quotas.
 *
 * @param adminToken the bootstrap admin token (env EXPORTER_ADMIN_TOKEN); empty = none. Change the
 *     launcher's development default in any real deployment
 * @param maxRunningPerUser exports a user may have pending or running at once (429 beyond)
 * @param maxExportsPerHour exports a user may create per hour (429 beyond)
 */
@ConfigurationProperties("exporter.security")
public record SecurityProperties(
    @DefaultValue("") String adminToken,
    @DefaultValue("3") int maxRunningPerUser,
    @DefaultValue("30") int maxExportsPerHour) {}

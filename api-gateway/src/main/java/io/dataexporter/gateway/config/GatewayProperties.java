package io.dataexporter.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway behaviour.
 *
 * @param retention age after which {@code POST /cleanup} removes an export
 * @param maxPageSize largest {@code limit} the history accepts
 */
@ConfigurationProperties("exporter.gateway")
public record GatewayProperties(
    @DefaultValue("7d") Duration retention, @DefaultValue("1000") int maxPageSize) {}

package io.dataexporter.gateway.config;

import io.dataexporter.config.CommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the gateway: the shared infrastructure ({@link CommonConfiguration}); each feature wires
 * its own parts ({@code ExportConfiguration}, {@code ProgressConfiguration}, ...), so this package
 * depends on none of them.
 */
@Configuration(proxyBeanMethods = false)
@Import(CommonConfiguration.class)
public class GatewayConfiguration {}

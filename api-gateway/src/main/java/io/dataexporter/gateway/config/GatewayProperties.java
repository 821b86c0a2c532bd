package io.dataexporter.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Gateway behaviour and input limits.
 *
 * @param retention age after which {@code POST /cleanup} removes an export
 * @param maxPageSize largest {@code limit} the history accepts
 * @param maxBodySize largest request body accepted (413 beyond)
 * @param maxProcesses entries allowed in {@code processes}
 * @param maxProcessNameLength characters allowed in one process name
 * @param maxTransformationSteps transformation steps allowed per data type
 * @param maxActiveExports exports pending, running or finalizing at once; more get 429 (0 = no
 *     limit)
 * @param retryAfter the {@code Retry-After} a 429 suggests
 * @param publishInterval how often accepted but unpublished exports are sent to the broker
 * @param maxEventStreamsPerUser live-progress streams one user may have open at once (429 beyond)
 * @param maxEventStreams live-progress streams open at once in total (429 beyond)
 * @param maxTemplatesPerOwner templates one owner may keep (409 beyond)
 * @param authFailureWindow authentication failures are audited as one row per source address and
 *     window, written once the window has closed
 */
@ConfigurationProperties("exporter.gateway")
public record GatewayProperties(
    @DefaultValue("7d") Duration retention,
    @DefaultValue("1000") int maxPageSize,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("1000") int maxProcesses,
    @DefaultValue("256") int maxProcessNameLength,
    @DefaultValue("100") int maxTransformationSteps,
    @DefaultValue("0") int maxActiveExports,
    @DefaultValue("30s") Duration retryAfter,
    @DefaultValue("2s") Duration publishInterval,
    @DefaultValue("5") int maxEventStreamsPerUser,
    @DefaultValue("200") int maxEventStreams,
    @DefaultValue("100") int maxTemplatesPerOwner,
    @DefaultValue("1m") Duration authFailureWindow) {}

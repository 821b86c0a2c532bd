package io.dataexporter.gateway.export;

import java.time.Duration;

/**
 * The limits {@link CreateExport} admits exports under.
 *
 * @param maxRunningPerUser a user's exports pending or running at once
 * @param maxExportsPerHour exports a user may create in one hour
 * @param maxActiveExports exports pending or running at once, everyone's together
 * @param retryAfter what a 429 tells the client to wait when a running limit is hit
 */
record AdmissionSettings(
    int maxRunningPerUser, int maxExportsPerHour, int maxActiveExports, Duration retryAfter) {}

package io.dataexporter.worker.cleanup;

import java.time.Duration;

/**
 * What the daily cleanup removes and in whose name.
 *
 * @param workerId this worker's name, the actor of the cleanup's audit entries
 * @param retention age after which an export is removed
 */
public record CleanupSettings(String workerId, Duration retention) {}

package io.dataexporter.worker.recovery;

import java.time.Duration;

/**
 * When the recovery sweep steps in.
 *
 * @param unfinalizedGrace an export whose shards are all done but which is not finalizing after
 *     this long is handed to finalization again
 * @param finalizeTimeout an export finalizing longer than this is finalized again
 */
public record RecoverySettings(Duration unfinalizedGrace, Duration finalizeTimeout) {}

package io.dataexporter.messaging;

import java.util.UUID;

/**
 * Published when the last shard of an export completes.
 *
 * @param recovery sent by the recovery sweep for an export whose finalizer died: finalize it even
 *     though it is already finalizing
 */
public record FinalizeExport(UUID exportId, boolean recovery) {}

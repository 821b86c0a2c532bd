package io.dataexporter.messaging;

import java.util.UUID;

/** Published when the last shard of an export completes. */
public record FinalizeExport(UUID exportId) {}

package io.dataexporter.messaging;

import java.util.UUID;

/** Published by the gateway after the job row is stored; a worker plans its shards. */
public record ExportRequested(UUID exportId) {}

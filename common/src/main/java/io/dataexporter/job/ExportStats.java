package io.dataexporter.job;

import java.time.Instant;
import java.util.Map;

/** Totals over all stored exports. */
public record ExportStats(
    long totalExports,
    long totalSize,
    Instant oldestExport,
    Instant newestExport,
    Map<String, Long> byStatus) {}

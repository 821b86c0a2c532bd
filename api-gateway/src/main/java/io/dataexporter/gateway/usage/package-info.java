/**
 * {@code GET /api/v1/export/usage}: who may see whose usage, the checked parameters and the answer;
 * the figures come from {@link io.dataexporter.usage.ExportUsage}.
 */
package io.dataexporter.gateway.usage;

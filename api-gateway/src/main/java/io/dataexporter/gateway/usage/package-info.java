/**
 * {@code GET /api/v1/export/usage}: who may see whose usage, the checked parameters and the answer;
 * the figures come from {@link ExportUsage}.
 */
package io.dataexporter.gateway.usage;

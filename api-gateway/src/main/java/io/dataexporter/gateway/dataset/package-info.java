/**
 * {@code GET /api/v1/datasets}: the configured data types with their columns' types and the filter
 * operators each takes, for forms that build filters (UI, CLI).
 */
package io.dataexporter.gateway.dataset;

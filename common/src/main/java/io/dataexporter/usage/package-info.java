/**
 * Usage figures: exports, records, bytes and time per period, user and data type, aggregated by
 * PostgreSQL in one query over the export jobs and the files they produced.
 */
package io.dataexporter.usage;

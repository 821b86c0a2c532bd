/**
 * Row filters: {@link io.dataexporter.filter.FilterParser} reads a request's {@code filters} (flat
 * and per-type forms) against the source tables' column types ({@link
 * io.dataexporter.filter.ColumnTypes}) into {@link io.dataexporter.filter.FilterCondition}s, which
 * {@link io.dataexporter.dataset.RowFilter} adds to every read's WHERE clause: bound parameters on
 * a cursor, quoted literals in COPY.
 */
package io.dataexporter.filter;

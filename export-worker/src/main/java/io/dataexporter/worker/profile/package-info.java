/**
 * Column profiles of the records a shard writes: the smallest and largest value of number and time
 * fields, and the values of text fields with few distinct values. One {@link
 * io.dataexporter.worker.profile.FieldProfiler} per output field takes values from the general path
 * (Java objects) or raw CSV text from the COPY path; its {@link io.dataexporter.job.ColumnProfile}
 * is stored with the shard and merged for the data card.
 */
package io.dataexporter.worker.profile;

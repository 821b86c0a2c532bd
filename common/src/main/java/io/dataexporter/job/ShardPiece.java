package io.dataexporter.job;

/**
 * One object a shard wrote when its type's output is several files ({@link
 * ExportRequest#multiFile()}): the rows of one time partition, cut where the file size limit
 * demands. Pieces of a shard are numbered from 0 in the order written (time order); a Parquet piece
 * is a whole Parquet file, a text piece is records to be joined with others into a file.
 *
 * @param partition the piece's partition folder ({@code date=2024-01-01}), or null without {@code
 *     partition_by}
 * @param index the piece's number within its shard
 * @param key the piece's object key (under the export's parts)
 * @param records records in it
 * @param bytes bytes as stored
 * @param sha256 hex SHA-256 of the stored bytes
 */
public record ShardPiece(
    String partition, int index, String key, long records, long bytes, String sha256) {}

package io.dataexporter.job;

/**
 * One finished output object of an export.
 *
 * @param dataType dataset it holds ({@code manifest} for the manifest)
 * @param name file name, e.g. {@code logs.jsonl.gz}
 * @param key object key in the bucket
 * @param size bytes as stored
 * @param records data records in it
 * @param sha256 hex SHA-256 of the stored bytes
 * @param kind {@code data} for the exported records, {@code rejected} for records that failed
 *     validation
 * @param sha256Plaintext hex SHA-256 of the file before OpenPGP encryption (the same as {@code
 *     sha256} when it is not encrypted; null in files listed before encryption existed)
 */
public record ExportFile(
    String dataType,
    String name,
    String key,
    long size,
    long records,
    String sha256,
    String kind,
    String sha256Plaintext) {
  public static final String DATA = "data";
  public static final String REJECTED = "rejected";

  public ExportFile {
    kind = kind == null ? DATA : kind;
    sha256Plaintext = sha256Plaintext == null ? sha256 : sha256Plaintext;
  }

  public boolean isData() {
    return DATA.equals(kind);
  }
}

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
 * @param split the split the file belongs to, or null
 * @param partition the file's time partition folder ({@code date=2024-01-01}), or null
 */
public record ExportFile(
    String dataType,
    String name,
    String key,
    long size,
    long records,
    String sha256,
    String kind,
    String sha256Plaintext,
    String split,
    String partition) {
  public static final String DATA = "data";
  public static final String REJECTED = "rejected";

  /** The data card, {@code README.md}. */
  public static final String CARD = "card";

  /** The Frictionless descriptor of every file, {@code schema.json}. */
  public static final String SCHEMA = "schema";

  /** A file outside any split or partition. */
  public ExportFile(
      String dataType,
      String name,
      String key,
      long size,
      long records,
      String sha256,
      String kind,
      String sha256Plaintext) {
    this(dataType, name, key, size, records, sha256, kind, sha256Plaintext, null, null);
  }

  public ExportFile {
    kind = kind == null ? DATA : kind;
    sha256Plaintext = sha256Plaintext == null ? sha256 : sha256Plaintext;
  }

  public boolean isData() {
    return DATA.equals(kind);
  }
}

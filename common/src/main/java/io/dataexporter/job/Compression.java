package io.dataexporter.job;

import java.util.Locale;

/**
 * How an export's files are compressed: the codec, an optional level, and whether the request named
 * the codec ({@code "gzip"}) or used the original service's boolean ({@code true}), so that the
 * stored request echoes what was sent.
 *
 * @param codec the codec, {@link Codec#NONE} for plain files
 * @param level the codec's level, or null for the configured default
 * @param named whether the request wrote {@code compression} as a codec name
 */
public record Compression(Codec codec, Integer level, boolean named) {

  /** Plain files, as a request without {@code compression} gets them. */
  public static final Compression NONE = new Compression(Codec.NONE, null, false);

  /** gzip at the configured level, as {@code "compression": true} asks. */
  public static final Compression GZIP = new Compression(Codec.GZIP, null, false);

  /** A codec with its file suffix, content type and level range. */
  public enum Codec {
    NONE("", null, 0, 0),
    GZIP(".gz", "application/gzip", 1, 9),
    ZSTD(".zst", "application/zstd", 1, 19),
    /** Parquet pages only: no stream suffix, no level. */
    SNAPPY("", null, 0, 0);

    private final String suffix;
    private final String contentType;
    private final int minLevel;
    private final int maxLevel;

    Codec(String suffix, String contentType, int minLevel, int maxLevel) {
      this.suffix = suffix;
      this.contentType = contentType;
      this.minLevel = minLevel;
      this.maxLevel = maxLevel;
    }

    /** The name in requests: {@code gzip}, {@code zstd}, {@code snappy}, {@code none}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Appended to a compressed file's name, e.g. {@code .zst}; empty for none. */
    public String suffix() {
      return suffix;
    }

    /** The compressed file's content type, or null when not compressed. */
    public String contentType() {
      return contentType;
    }

    public int minLevel() {
      return minLevel;
    }

    public int maxLevel() {
      return maxLevel;
    }
  }

  public Compression {
    if (codec == null) {
      throw new IllegalArgumentException("codec is required");
    }
    if (level != null
        && (codec == Codec.NONE
            || codec == Codec.SNAPPY
            || level < codec.minLevel()
            || level > codec.maxLevel())) {
      throw new IllegalArgumentException("level " + level + " does not fit codec " + codec.wire());
    }
  }

  public boolean compressed() {
    return codec != Codec.NONE;
  }

  /** The {@code compression} field as the request wrote it: a boolean or the codec's name. */
  public Object wire() {
    if (named) {
      return codec.wire();
    }
    return compressed();
  }
}

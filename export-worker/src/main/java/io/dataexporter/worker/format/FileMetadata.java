package io.dataexporter.worker.format;

import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata object at the head of a JSON file with {@code include_metadata}: which export and
 * type, how many records, when, and the request.
 */
public final class FileMetadata {
  private FileMetadata() {}

  public static ObjectNode of(
      JsonMapper mapper, ExportJob job, String type, long records, Instant finishedAt) {
    ObjectNode node = mapper.createObjectNode();
    node.put("export_id", job.id().toString());
    node.put("data_type", type);
    node.put("format", job.config().outputFormat().extension());
    node.put("record_count", records);
    node.put("created_at", job.createdAt().toString());
    node.put("exported_at", finishedAt.toString());
    node.set("config", new ExportConfigCodec(mapper).toJson(job.config()));
    return node;
  }

  /**
   * The longest the metadata of a file of this type can be: the most digits of a count, and a
   * finishing moment in the creation's year with the longest fraction of a second.
   */
  public static String longest(JsonMapper mapper, ExportJob job, String type) {
    Instant latest = job.createdAt().truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789);
    return mapper.writeValueAsString(of(mapper, job, type, Long.MAX_VALUE, latest));
  }
}

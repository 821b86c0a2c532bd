package io.dataexporter.worker.assemble;

import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export's {@code schema.json}: a Frictionless Data Package with one tabular resource per data
 * file, each with its path (relative to the export's folder), format, media type, compression,
 * size, SHA-256 and the table schema of its data type (field names, Frictionless types and
 * descriptions; an empty cell is a missing value). Pure: the same facts make the same bytes.
 */
public final class TableSchema {
  private final JsonMapper mapper;

  public TableSchema(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public byte[] render(CardFacts facts) {
    ExportRequest request = facts.config();
    ObjectNode root = mapper.createObjectNode();
    root.put("profile", "data-package");
    root.put("name", "export-" + facts.job().id());
    root.put("title", DataCard.prettyName(facts));
    root.put("created", facts.finishedAt().toString());
    if (!"other".equals(facts.license())) {
      root.putArray("licenses").addObject().put("name", facts.license());
    }
    ArrayNode resources = root.putArray("resources");
    for (String split : facts.splits()) {
      for (String type : facts.types()) {
        for (ExportFile file : facts.dataFiles(split, type)) {
          resources.add(resource(request, file, facts.fields().getOrDefault(type, List.of())));
        }
      }
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  private ObjectNode resource(ExportRequest request, ExportFile file, List<CardField> fields) {
    ObjectNode r = mapper.createObjectNode();
    r.put("name", resourceName(file.name()));
    r.put("path", file.name());
    r.put("profile", "tabular-data-resource");
    OutputFormat format = request.outputFormat();
    r.put("format", format.extension());
    r.put("mediatype", mediaType(format));
    String codec = request.streamCompression().codec().suffix();
    if (!codec.isEmpty()) {
      r.put("compression", codec.substring(1));
    }
    if (request.encryption() != null) {
      r.put("encryption", "openpgp");
    }
    r.put("encoding", "utf-8");
    r.put("bytes", file.size());
    r.put("hash", "sha256:" + file.sha256());
    r.put("data_type", file.dataType());
    if (file.split() != null) {
      r.put("split", file.split());
    }
    if (file.partition() != null) {
      r.put("partition", file.partition());
    }
    r.put("rows", file.records());
    ObjectNode schema = r.putObject("schema");
    ArrayNode list = schema.putArray("fields");
    for (CardField field : fields) {
      ObjectNode f = list.addObject();
      f.put("name", field.name());
      f.put("type", field.frictionlessType());
      if (field.description() != null) {
        f.put("description", field.description());
      }
    }
    schema.putArray("missingValues").add("");
    return r;
  }

  static String mediaType(OutputFormat format) {
    return switch (format) {
      case CSV -> "text/csv";
      case JSON -> "application/json";
      case JSONL -> "application/x-ndjson";
      case PARQUET -> "application/vnd.apache.parquet";
    };
  }

  /** A Frictionless resource name ({@code ^[-a-z0-9._/]+$}) from the file's path. */
  static String resourceName(String path) {
    return path.toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9._/]", "-");
  }
}

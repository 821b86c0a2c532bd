package io.dataexporter.cli.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an option's value as the name of a file holding one JSON object; anything else is a usage
 * error (exit code 2) naming the file.
 */
public final class JsonObjectFile implements ITypeConverter<ObjectNode> {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public ObjectNode convert(String name) {
    Path file = Path.of(name);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new TypeConversionException("cannot read " + name + ": " + e);
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new TypeConversionException(name + " is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new TypeConversionException(name + " must hold a JSON object ({...})");
    }
    return (ObjectNode) node;
  }
}

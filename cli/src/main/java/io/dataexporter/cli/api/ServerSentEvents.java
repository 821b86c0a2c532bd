package io.dataexporter.cli.api;

import java.util.function.Consumer;
import java.util.stream.Stream;

/** Splits a {@code text/event-stream} body into events, as the HTML standard describes it. */
public final class ServerSentEvents {
  /** One event: its name ({@code message} when the stream gave none) and its data lines. */
  public record Event(String name, String data) {}

  private final Consumer<Event> listener;
  private final StringBuilder data = new StringBuilder();
  private String name;
  private boolean hasData;

  private ServerSentEvents(Consumer<Event> listener) {
    this.listener = listener;
  }

  /** Hands every complete event in {@code lines} to {@code listener}, in order. */
  public static void read(Stream<String> lines, Consumer<Event> listener) {
    lines.forEachOrdered(new ServerSentEvents(listener)::accept);
  }

  private void accept(String line) {
    if (line.isEmpty()) {
      if (hasData) {
        listener.accept(new Event(name == null ? "message" : name, data.toString()));
      }
      data.setLength(0);
      name = null;
      hasData = false;
      return;
    }
    if (line.startsWith(":")) {
      return; // a comment, e.g. a keep-alive
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      name = value;
    } else if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    }
  }
}

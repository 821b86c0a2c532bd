package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.cli.api.ServerSentEvents;
import io.dataexporter.cli.api.ServerSentEvents.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  @Test
  void events_are_split_at_blank_lines_with_names_data_lines_and_comments() {
    List<Event> events = new ArrayList<>();
    ServerSentEvents.read(
        Stream.of(
            ": keep-alive",
            "",
            "event: progress",
            "data: {\"a\":",
            "data:1}",
            "",
            "data: plain",
            "id: 7",
            "",
            "event: progress",
            "data: unterminated"),
        events::add);
    assertThat(events)
        .containsExactly(new Event("progress", "{\"a\":\n1}"), new Event("message", "plain"));
  }
}

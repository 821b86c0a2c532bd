package io.dataexporter.schedule;

import java.util.Arrays;
import java.util.Optional;

/** What happens to fire times missed while nothing could fire them (all processes down). */
public enum Misfire {
  /** One run, for the latest missed fire time. */
  RUN_ONCE("run_once"),
  /** No run; the schedule goes on from the next fire time. */
  SKIP("skip");

  private final String wire;

  Misfire(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Misfire> fromWire(String value) {
    return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
  }
}

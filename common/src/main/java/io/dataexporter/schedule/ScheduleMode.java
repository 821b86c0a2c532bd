package io.dataexporter.schedule;

import java.util.Arrays;
import java.util.Optional;

/** What each run of a schedule exports. */
public enum ScheduleMode {
  /** A time window ending at the fire time (less the lag), on each dataset's time column. */
  WINDOW("window"),
  /** The rows that became visible since the previous completed run, by transaction visibility. */
  INCREMENTAL("incremental");

  private final String wire;

  ScheduleMode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<ScheduleMode> fromWire(String value) {
    return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
  }
}

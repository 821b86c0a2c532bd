package io.dataexporter.gateway.schedule;

import io.dataexporter.error.ConflictException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleRepository;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Writes schedules: a new one within its owner's limit, and changes of a stored one under its row
 * lock (the firing engine takes the same lock before it moves {@code next_fire_at} on, so a change
 * and a firing never overwrite each other). A name taken by another of the owner's schedules is a
 * conflict.
 */
final class SaveSchedules {
  /** Lock class of the per-owner advisory lock around the schedule limit. */
  private static final int SCHEDULE_LOCKS = 0x45585353;

  private final Jdbi jdbi;
  private final ScheduleRepository schedules;

  SaveSchedules(Jdbi jdbi, ScheduleRepository schedules) {
    this.jdbi = jdbi;
    this.schedules = schedules;
  }

  /**
   * Stores {@code schedule} unless its owner already has {@code maxPerOwner} schedules (negative:
   * no limit) or one of the same name; both are conflicts.
   */
  void create(Schedule schedule, int maxPerOwner) {
    requireFreeName(schedule);
    try {
      jdbi.useTransaction(
          h -> {
            h.createQuery(
                    "SELECT 1 FROM pg_advisory_xact_lock(" + SCHEDULE_LOCKS + ", hashtext(:owner))")
                .bind("owner", schedule.owner())
                .mapTo(Integer.class)
                .one();
            if (maxPerOwner >= 0 && ScheduleRepository.count(h, schedule.owner()) >= maxPerOwner) {
              throw new ConflictException(
                  "you have "
                      + maxPerOwner
                      + " schedules, the most allowed (exporter.schedules.max-per-owner); delete"
                      + " one first");
            }
            schedules.insert(h, schedule);
          });
    } catch (UnableToExecuteStatementException e) {
      if (duplicate(e)) {
        throw new ConflictException(
            schedule.owner() + " already has a schedule named '" + schedule.name() + "'");
      }
      throw e;
    }
  }

  /**
   * Applies {@code change} to the stored schedule under its row lock and stores the result; 404
   * when it is gone.
   */
  Schedule change(UUID id, UnaryOperator<Schedule> change) {
    try {
      return jdbi.inTransaction(
          h -> {
            Schedule existing =
                schedules
                    .lock(h, id)
                    .orElseThrow(() -> new NotFoundException("schedule " + id + " not found"));
            Schedule changed = change.apply(existing);
            if (!changed.name().equals(existing.name())) {
              requireFreeName(changed);
            }
            schedules.update(h, changed);
            if (changed.mode() != existing.mode() || changed.chain() != existing.chain()) {
              // runs not started yet were made for the old mode or chain: they would read wrongly
              h.createUpdate(
                      "DELETE FROM exporter.schedule_runs WHERE schedule_id = :id"
                          + " AND status = 'waiting'")
                  .bind("id", id)
                  .execute();
            }
            return changed;
          });
    } catch (UnableToExecuteStatementException e) {
      if (duplicate(e)) {
        throw new ConflictException("another schedule of the same owner has that name");
      }
      throw e;
    }
  }

  private void requireFreeName(Schedule schedule) {
    if (schedules.nameTaken(schedule.owner(), schedule.name(), schedule.id())) {
      throw new ConflictException(
          schedule.owner() + " already has a schedule named '" + schedule.name() + "'");
    }
  }

  /** Whether the statement broke the unique (owner, name) index. */
  private static boolean duplicate(UnableToExecuteStatementException e) {
    return e.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState());
  }
}

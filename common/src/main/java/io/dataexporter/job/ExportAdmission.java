package io.dataexporter.job;

import java.time.Duration;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores a new export only if the quotas allow it, atomically: one transaction takes an advisory
 * lock per owner (and one for the global limit), counts, then inserts the job and its line in the
 * append-only {@code export_creations}. Concurrent creates of one owner queue on the lock, so each
 * sees the others' rows; a deleted export's creation still counts for the hourly quota.
 */
public final class ExportAdmission {
  /** Lock class of the advisory locks taken here (two-int form, so no other lock space clashes). */
  private static final int QUOTA_LOCKS = 0x45585051;

  private static final String LOCK_OWNER =
      "SELECT 1 FROM pg_advisory_xact_lock(" + QUOTA_LOCKS + ", hashtext(:owner))";
  private static final String LOCK_GLOBAL =
      "SELECT 1 FROM pg_advisory_xact_lock(" + QUOTA_LOCKS + ", 0)";
  private static final String CREATED_SINCE =
      """
      SELECT count(*) FROM exporter.export_creations
       WHERE owner = :owner AND created_at >= :since
      """;
  private static final String RECORD_CREATION =
      """
      INSERT INTO exporter.export_creations (owner, export_id, created_at)
      VALUES (:owner, :exportId, :createdAt)
      """;

  /** Why an export was refused, or that it was stored. */
  public enum Outcome {
    STORED,
    OWNER_RUNNING_LIMIT,
    OWNER_HOURLY_LIMIT,
    GLOBAL_ACTIVE_LIMIT
  }

  /**
   * The limits one create is checked against.
   *
   * @param perOwner whether the owner's limits apply (admins have none)
   * @param maxRunningPerOwner exports an owner may have pending, running or finalizing
   * @param maxPerHour exports an owner may create in the last hour
   * @param maxActive exports pending, running or finalizing in total; 0 = no limit
   */
  public record Limits(boolean perOwner, int maxRunningPerOwner, int maxPerHour, int maxActive) {}

  private final Jdbi jdbi;
  private final ExportJobRepository jobs;

  public ExportAdmission(Jdbi jdbi, ExportJobRepository jobs) {
    this.jdbi = jdbi;
    this.jobs = jobs;
  }

  /** Stores {@code job} unless a limit is reached; the locks are held until the commit. */
  public Outcome admit(ExportJob job, Limits limits) {
    String owner = job.createdBy();
    return jdbi.inTransaction(
        h -> {
          // always owner lock first, then the global one: no two creates wait on each other
          h.createQuery(LOCK_OWNER).bind("owner", owner).mapTo(Integer.class).one();
          if (limits.perOwner()) {
            if (active(h, owner) >= limits.maxRunningPerOwner()) {
              return Outcome.OWNER_RUNNING_LIMIT;
            }
            long lastHour =
                h.createQuery(CREATED_SINCE)
                    .bind("owner", owner)
                    .bind(
                        "since",
                        job.createdAt().minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
                    .mapTo(Long.class)
                    .one();
            if (lastHour >= limits.maxPerHour()) {
              return Outcome.OWNER_HOURLY_LIMIT;
            }
          }
          if (limits.maxActive() > 0) {
            h.createQuery(LOCK_GLOBAL).mapTo(Integer.class).one();
            if (active(h, null) >= limits.maxActive()) {
              return Outcome.GLOBAL_ACTIVE_LIMIT;
            }
          }
          jobs.insert(h, job);
          h.createUpdate(RECORD_CREATION)
              .bind("owner", owner)
              .bind("exportId", job.id())
              .bind("createdAt", job.createdAt().atOffset(ZoneOffset.UTC))
              .execute();
          return Outcome.STORED;
        });
  }

  private static long active(Handle h, String owner) {
    return ExportJobRepository.countActive(h, owner);
  }
}

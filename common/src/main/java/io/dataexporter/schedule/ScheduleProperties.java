package io.dataexporter.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How schedules fire.
 *
 * @param pollEvery how often each worker looks for due schedules and waiting runs
 * @param misfireAfter a fire time older than this when it is claimed counts as missed (all
 *     processes were down) and follows the schedule's misfire policy
 * @param backfillConcurrency backfill runs of one schedule that may be unfinished at a time
 * @param maxBackfillRuns windows one backfill request may ask for
 * @param maxPerOwner schedules one user may own (admins: no limit)
 */
@ConfigurationProperties("exporter.schedules")
public record ScheduleProperties(
    @DefaultValue("1s") Duration pollEvery,
    @DefaultValue("1m") Duration misfireAfter,
    @DefaultValue("2") int backfillConcurrency,
    @DefaultValue("1000") int maxBackfillRuns,
    @DefaultValue("100") int maxPerOwner) {}

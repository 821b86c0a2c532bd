-- Recurring exports: a schedule fires on a cron in a time zone and creates one export per fire time
-- (claimed by a conditional update of next_fire_at, so several gateways and workers fire it once).
-- Window schedules export a time window; incremental ones export the rows that became visible
-- between the previous completed run's snapshot and their own, by transaction visibility.
CREATE TABLE schedules (
    id            uuid        PRIMARY KEY,
    owner         text        NOT NULL,
    name          text        NOT NULL,
    cron          text        NOT NULL,
    timezone      text        NOT NULL,
    mode          text        NOT NULL CHECK (mode IN ('window', 'incremental')),
    window_length text,
    lag           text,
    misfire       text        NOT NULL CHECK (misfire IN ('run_once', 'skip')),
    export_config jsonb       NOT NULL,
    webhook_url   text,
    webhook_secret text,
    enabled       boolean     NOT NULL,
    start_date    timestamptz,
    -- an incremental schedule's runs form a chain; changing what it reads starts a new one
    chain         int         NOT NULL DEFAULT 0,
    -- the next fire time not yet claimed; null while paused
    next_fire_at  timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE UNIQUE INDEX schedules_owner_name ON schedules (owner, name);
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE enabled;

CREATE TABLE schedule_runs (
    id            bigserial   PRIMARY KEY,
    schedule_id   uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    fire_time     timestamptz NOT NULL,
    -- cron (a fire time), manual (run now) or backfill
    trigger       text        NOT NULL CHECK (trigger IN ('cron', 'manual', 'backfill')),
    chain         int         NOT NULL,
    -- waiting (no export yet), then the export's status, kept in step by a trigger below
    status        text        NOT NULL,
    export_id     uuid        UNIQUE,
    window_start  timestamptz,
    window_end    timestamptz,
    -- incremental: the run whose snapshot this one starts after (null for a chain's first run)
    after_run     bigint,
    -- incremental: this run's own cut, copied from its export when it completes
    snapshot_at   timestamptz,
    snapshot_xids text,
    visible_xids  bigint[],
    record_counts jsonb,
    error_message text,
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz
);

-- exactly one run per cron fire time, whoever claims it
CREATE UNIQUE INDEX schedule_runs_one_per_fire_time ON schedule_runs (schedule_id, fire_time)
    WHERE trigger = 'cron';
CREATE INDEX schedule_runs_schedule ON schedule_runs (schedule_id, id DESC);
CREATE INDEX schedule_runs_waiting ON schedule_runs (created_at) WHERE status = 'waiting';

-- An export made by a schedule names it and its run. An incremental export leaves out the rows
-- visible at its predecessor's snapshot: those inserted by a transaction with an id below
-- after_xmin, or one of after_xids (the predecessor's committed transactions from its snapshot's
-- xmin up); it records its own committed transactions from its xmin up in visible_xids.
ALTER TABLE export_jobs
    ADD COLUMN schedule_id     uuid,
    ADD COLUMN schedule_run_id bigint,
    ADD COLUMN incremental     boolean NOT NULL DEFAULT false,
    ADD COLUMN after_xmin      bigint,
    ADD COLUMN after_xids      bigint[],
    ADD COLUMN visible_xids    bigint[],
    -- where completed, failed and cancelled are announced (a schedule's, or the request's own)
    ADD COLUMN webhook_url     text,
    ADD COLUMN webhook_secret  text;

CREATE INDEX export_jobs_schedule ON export_jobs (schedule_id, created_at DESC)
    WHERE schedule_id IS NOT NULL;

-- A run follows its export's status in the same transaction as every status change, and keeps
-- the export's cut and counts when it completes (they outlive a later delete of the export).
CREATE FUNCTION schedule_run_follows_export() RETURNS trigger LANGUAGE plpgsql
    SET search_path = exporter AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE exporter.schedule_runs
           SET status = 'cancelled', finished_at = now(),
               error_message = coalesce(error_message, 'the export was deleted before it finished')
         WHERE export_id = OLD.id AND status NOT IN ('completed', 'failed', 'cancelled');
        RETURN OLD;
    END IF;
    IF NEW.schedule_run_id IS NULL OR NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    UPDATE exporter.schedule_runs
       SET status = NEW.status,
           error_message = NEW.error_message,
           finished_at = CASE WHEN NEW.status IN ('completed', 'failed', 'cancelled')
                              THEN now() END,
           snapshot_at = CASE WHEN NEW.status = 'completed' THEN NEW.snapshot_at END,
           snapshot_xids = CASE WHEN NEW.status = 'completed' THEN NEW.snapshot_xids END,
           visible_xids = CASE WHEN NEW.status = 'completed' THEN NEW.visible_xids END,
           record_counts = CASE WHEN NEW.status = 'completed' THEN
               (SELECT coalesce(jsonb_object_agg(f ->> 'dataType', (f ->> 'records')::bigint),
                                '{}'::jsonb)
                  FROM jsonb_array_elements(NEW.files) f
                 WHERE coalesce(f ->> 'kind', 'data') = 'data') END
     WHERE id = NEW.schedule_run_id;
    RETURN NEW;
END $$;

CREATE TRIGGER export_jobs_schedule_run_status AFTER UPDATE OF status ON export_jobs
    FOR EACH ROW EXECUTE FUNCTION schedule_run_follows_export();
CREATE TRIGGER export_jobs_schedule_run_deleted AFTER DELETE ON export_jobs
    FOR EACH ROW EXECUTE FUNCTION schedule_run_follows_export();

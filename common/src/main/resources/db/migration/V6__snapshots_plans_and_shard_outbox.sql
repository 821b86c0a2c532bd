-- Point-in-time exports and accountable work: each export reads one PostgreSQL snapshot, held open
-- by one or more workers (export_snapshot_holders) and imported by every shard; a plan is stored
-- once per epoch (a lost snapshot re-plans the export under the next epoch); shard tasks are
-- republished from the table (queued_at) so no queued shard is left without a message; attempt
-- numbers only go up (attempts_base counts the attempts before the latest retry).
ALTER TABLE export_jobs
    ADD COLUMN plan_epoch    int         NOT NULL DEFAULT 0,
    ADD COLUMN snapshot_at   timestamptz,
    ADD COLUMN snapshot_xids text;

ALTER TABLE export_shards
    ADD COLUMN epoch         int         NOT NULL DEFAULT 0,
    ADD COLUMN queued_at     timestamptz,
    ADD COLUMN attempts_base int         NOT NULL DEFAULT 0;

UPDATE export_shards SET queued_at = now() WHERE status = 'queued';
CREATE INDEX export_shards_queued ON export_shards (queued_at) WHERE status = 'queued';

-- one row per worker transaction that holds an export's snapshot open; shards import any live one
CREATE TABLE export_snapshot_holders (
    export_id     uuid        NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    epoch         int         NOT NULL,
    holder        text        NOT NULL,
    snapshot_name text        NOT NULL,
    backend_pid   int         NOT NULL,
    lease_until   timestamptz NOT NULL,
    PRIMARY KEY (export_id, holder)
);

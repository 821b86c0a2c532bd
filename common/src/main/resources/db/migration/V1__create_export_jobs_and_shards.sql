-- The exporter's own durable state: one row per export job and one per shard of it.
-- Lives in its own schema so the monitored source tables stay untouched.
CREATE TABLE export_jobs (
    id              uuid        PRIMARY KEY,
    status          text        NOT NULL,
    config          jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    started_at      timestamptz,
    completed_at    timestamptz,
    error_message   text,
    files           jsonb       NOT NULL DEFAULT '[]',
    manifest_key    text
);

CREATE INDEX export_jobs_created_at ON export_jobs (created_at DESC);

CREATE TABLE export_shards (
    id              bigserial   PRIMARY KEY,
    export_id       uuid        NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    data_type       text        NOT NULL,
    seq             int         NOT NULL,
    range_start     timestamptz,
    range_end       timestamptz,
    estimated_rows  bigint      NOT NULL,
    status          text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    worker_id       text,
    records         bigint,
    rejected        bigint,
    bytes           bigint,
    sha256          text,
    part_key        text        NOT NULL,
    error_message   text,
    started_at      timestamptz,
    completed_at    timestamptz,
    UNIQUE (export_id, data_type, seq)
);

CREATE INDEX export_shards_export ON export_shards (export_id, status);

-- Validation and data-quality figures: per shard as it completes, per export once finalized,
-- so status, progress and the manifest can report checked/valid/rejected counts by rule.
ALTER TABLE export_shards
    ADD COLUMN validation jsonb,
    ADD COLUMN quality    jsonb;

ALTER TABLE export_jobs
    ADD COLUMN validation jsonb,
    ADD COLUMN created_by text NOT NULL DEFAULT 'anonymous';

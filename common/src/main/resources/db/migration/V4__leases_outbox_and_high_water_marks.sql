-- Fault tolerance: shard leases (a hung worker's shard is taken over once its lease runs out),
-- publication tracking for accepted jobs (published once the broker is reachable again), and
-- per-shard id high-water marks (rows inserted after planning never enter an export).
ALTER TABLE export_shards
    ADD COLUMN lease_until   timestamptz,
    ADD COLUMN id_high_water bigint;

ALTER TABLE export_jobs
    ADD COLUMN published_at timestamptz;

-- jobs accepted before this migration were published when they were created
UPDATE export_jobs SET published_at = created_at;

CREATE INDEX export_jobs_unpublished ON export_jobs (created_at) WHERE published_at IS NULL;
CREATE INDEX export_shards_leases ON export_shards (lease_until) WHERE status = 'running';

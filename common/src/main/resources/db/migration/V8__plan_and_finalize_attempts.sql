-- Planning and finalizing count their attempts in the database, as shards do (broker deliveries
-- miscounted in-worker retries and reset when a message was republished); a user's retry resets
-- both counts.
ALTER TABLE export_jobs
    ADD COLUMN plan_attempts     int NOT NULL DEFAULT 0,
    ADD COLUMN finalize_attempts int NOT NULL DEFAULT 0;

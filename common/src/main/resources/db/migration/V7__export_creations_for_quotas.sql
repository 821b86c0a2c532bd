-- The hourly quota counted surviving export_jobs rows, so deleting exports reset it: creations
-- are now recorded here, append-only, and deleting an export leaves its creation counted.
CREATE TABLE export_creations (
    id         bigserial   PRIMARY KEY,
    owner      text        NOT NULL,
    export_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX export_creations_owner_at ON export_creations (owner, created_at DESC);

-- exports created before this migration still count for the hour after it
INSERT INTO export_creations (owner, export_id, created_at)
SELECT created_by, id, created_at FROM export_jobs WHERE created_at > now() - interval '1 hour';

-- Saved, named export configurations that can be run again (optionally with another date range).
CREATE TABLE export_templates (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    description text,
    config      jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

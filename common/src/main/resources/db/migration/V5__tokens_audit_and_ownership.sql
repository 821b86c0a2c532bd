-- Security: API tokens (stored only as hashes), an append-only audit trail that outlives the
-- exports it describes, and an owner on every template (exports already carry created_by).
CREATE TABLE api_tokens (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('user', 'admin')),
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);

CREATE TABLE audit_events (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text,
    detail      text,
    remote_addr text
);

CREATE INDEX audit_events_at ON audit_events (at DESC);
CREATE INDEX audit_events_actor ON audit_events (actor, at DESC);

-- the trail is append-only: the exporter's own role may add to it but never change it
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

ALTER TABLE export_templates ADD COLUMN owner text NOT NULL DEFAULT 'admin';
ALTER TABLE export_templates DROP CONSTRAINT export_templates_name_key;
CREATE UNIQUE INDEX export_templates_owner_name ON export_templates (owner, name);
CREATE INDEX export_jobs_owner ON export_jobs (created_by, created_at DESC);

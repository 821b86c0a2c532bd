-- Demo source schema for the data exporter (schema public).
--
-- In production these tables belong to the monitoring service and the exporter only reads them;
-- this script exists so a fresh environment (local launcher, docker compose demo-seed, tests) has
-- the same shape to export from. Idempotent: safe to run on every start.
--
-- Time column per table: logs."timestamp", anomalies.detected_at, ips.last_seen.
-- Exports read in (time column, id) order, hence the composite indexes.

CREATE TABLE IF NOT EXISTS public.logs (
    id          bigserial   PRIMARY KEY,
    "timestamp" timestamptz NOT NULL,
    host        text,
    process     text,
    pid         int,
    level       text,
    message     text        NOT NULL,
    source_ip   inet,
    metadata    jsonb
);

CREATE TABLE IF NOT EXISTS public.anomalies (
    id           bigserial   PRIMARY KEY,
    detected_at  timestamptz NOT NULL,
    log_id       bigint,
    process      text,
    anomaly_type text        NOT NULL,
    score        double precision,
    severity     text,
    details      jsonb
);

CREATE TABLE IF NOT EXISTS public.ips (
    id            bigserial   PRIMARY KEY,
    ip            inet        NOT NULL UNIQUE,
    first_seen    timestamptz NOT NULL,
    last_seen     timestamptz NOT NULL,
    request_count bigint      NOT NULL DEFAULT 0,
    country       text,
    asn           int,
    reputation    text,
    metadata      jsonb
);

CREATE INDEX IF NOT EXISTS logs_timestamp_id_idx        ON public.logs ("timestamp", id);
CREATE INDEX IF NOT EXISTS logs_process_idx             ON public.logs (process);
CREATE INDEX IF NOT EXISTS anomalies_detected_at_id_idx ON public.anomalies (detected_at, id);
CREATE INDEX IF NOT EXISTS anomalies_process_idx        ON public.anomalies (process);
CREATE INDEX IF NOT EXISTS ips_last_seen_id_idx         ON public.ips (last_seen, id);

-- Webhooks: when an export with a webhook enters completed, failed or cancelled, a delivery is
-- recorded in the same transaction as the status change (by a trigger, since those changes happen
-- in several places), with what it announces captured at that moment, so a later delete of the
-- export changes nothing. Workers claim due deliveries, POST them and record every attempt.
CREATE TABLE webhook_deliveries (
    -- sent as X-Exporter-Delivery, the same on every attempt
    id              uuid        PRIMARY KEY,
    export_id       uuid        NOT NULL,
    schedule_id     uuid,
    event           text        NOT NULL
                                CHECK (event IN ('export.completed', 'export.failed', 'export.cancelled')),
    url             text        NOT NULL,
    secret          text,
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'delivered', 'failed')),
    -- attempts started (counted when one is claimed, so no two workers send the same attempt)
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    -- the export as it was when its status changed
    export_status   text        NOT NULL,
    record_counts   jsonb       NOT NULL,
    files           jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL,
    -- the exact bytes sent, fixed at the first attempt (retries send them again unchanged)
    body            text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_error      text
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_export ON webhook_deliveries (export_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      int         NOT NULL,
    at           timestamptz NOT NULL,
    -- the receiver's answer, or null with an error (timeout, refused destination, I/O)
    status_code  int,
    error        text,
    duration_ms  bigint      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

CREATE FUNCTION webhook_delivery_on_export_end() RETURNS trigger LANGUAGE plpgsql
    SET search_path = exporter AS $$
BEGIN
    INSERT INTO exporter.webhook_deliveries
        (id, export_id, schedule_id, event, url, secret, next_attempt_at, export_status,
         record_counts, files, occurred_at, created_at)
    VALUES
        (gen_random_uuid(), NEW.id, NEW.schedule_id, 'export.' || NEW.status, NEW.webhook_url,
         NEW.webhook_secret, now(), NEW.status,
         (SELECT coalesce(jsonb_object_agg(f ->> 'dataType', (f ->> 'records')::bigint), '{}'::jsonb)
            FROM jsonb_array_elements(coalesce(NEW.files, '[]'::jsonb)) f
           WHERE coalesce(f ->> 'kind', 'data') = 'data'),
         (SELECT coalesce(jsonb_agg(jsonb_build_object('name', f ->> 'name',
                                                       'size', (f ->> 'size')::bigint,
                                                       'sha256', f ->> 'sha256')
                                    ORDER BY o), '[]'::jsonb)
            FROM jsonb_array_elements(coalesce(NEW.files, '[]'::jsonb)) WITH ORDINALITY AS e (f, o)
           WHERE coalesce(f ->> 'kind', 'data') = 'data'),
         now(), now());
    RETURN NEW;
END $$;

CREATE TRIGGER export_jobs_webhook_delivery AFTER UPDATE OF status ON export_jobs
    FOR EACH ROW
    WHEN (NEW.webhook_url IS NOT NULL
          AND NEW.status IN ('completed', 'failed', 'cancelled')
          AND NEW.status IS DISTINCT FROM OLD.status)
    EXECUTE FUNCTION webhook_delivery_on_export_end();

-- A template may carry a webhook, applied to the exports it runs (kept out of config, as on
-- export_jobs, so the secret never reaches a view).
ALTER TABLE export_templates
    ADD COLUMN webhook_url    text,
    ADD COLUMN webhook_secret text;

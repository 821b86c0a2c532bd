-- Demo data for the source schema (infra/db/source-schema.sql), generated with generate_series.
--
--   psql -v ON_ERROR_STOP=1 -d exporter -f infra/db/seed-demo.sql
--   psql -d exporter -v logs=1000000 -v anomalies=100000 -v ips=20000 -f infra/db/seed-demo.sql
--
-- Defaults: 200000 logs, 20000 anomalies, 5000 ips, spread over the 30 days before "now".
-- The script only inserts (never truncates); the caller decides when to run it (the launchers run
-- it only when logs is empty). It runs in one transaction, so it either adds everything or nothing.
-- The data is pseudo-random but repeatable (setseed): the same sizes give the same rows, except
-- that all timestamps are relative to the time of the run.
--
-- Deliberate edge cases for exporters: NULL host/pid/process/source_ip/metadata, IPv4 and IPv6,
-- CIDR values in ips.ip, microsecond timestamps and some rows sharing a timestamp (order by time,
-- then id), process names with ';' and '"', messages with quotes, commas, tabs, newlines and
-- non-ASCII text, nested jsonb, anomalies whose log_id is NULL or points at no log.

\set ON_ERROR_STOP on

\if :{?logs}
\else
  \set logs 200000
\endif
\if :{?anomalies}
\else
  \set anomalies 20000
\endif
\if :{?ips}
\else
  \set ips 5000
\endif

\echo seeding demo data: :logs logs, :anomalies anomalies, :ips ips

BEGIN;

SELECT setseed(0.4242) \g /dev/null

-- Fixed reference time for the whole run.
SELECT now() AS seed_now, now() - interval '30 days' AS seed_start \gset

-- Address number k -> inet. Unique per k (multiplicative hash, bijective in its range):
--   k % 50 = 0      -> an IPv4 network, 10.0.0.0/16, 10.1.0.0/16, ... (ips.ip only)
--   k % 7  = 3      -> IPv6 under one of four prefixes
--   otherwise       -> IPv4 host address in 1.0.0.0 .. 223.255.255.255
CREATE FUNCTION pg_temp.demo_ip(k bigint) RETURNS inet
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN k % 50 = 0 THEN set_masklen('10.0.0.0'::inet + (k / 50 - 1) * 65536, 16)
        WHEN k % 7 = 3 THEN
            (ARRAY['2001:db8:85a3::'::inet, '2a03:2880:f12f::'::inet,
                   '2606:4700:4700::'::inet, '2400:cb00:2049::'::inet])[1 + (k % 4)::int]
            + k * 2654435761
        ELSE '0.0.0.0'::inet + (16777216 + (k * 2654435761) % 3741319168)
    END
$$;

-- ---------------------------------------------------------------------------------------------
-- logs: ids follow time, with jitter, so id order is not quite time order;
-- every 997th row repeats the previous row's timestamp.
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.logs ("timestamp", host, process, pid, level, message, source_ip, metadata)
SELECT ts, host, process, pid, level,
       CASE
         WHEN process = 'nginx' THEN
           format('%s - - [%s] "%s %s HTTP/1.1" %s %s "-" "%s"',
                  coalesce(host(source_ip), '127.0.0.1'),
                  to_char(ts AT TIME ZONE 'UTC', 'DD/Mon/YYYY:HH24:MI:SS +0000'),
                  method, path, status, bytes,
                  (ARRAY['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
                         'curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1',
                         'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'])[1 + (n1 % 5)])
         WHEN process = 'postgres' THEN
           CASE WHEN level IN ('ERROR', 'CRITICAL')
                THEN (ARRAY[format('ERROR:  duplicate key value violates unique constraint "orders_pkey"' || E'\n' || 'DETAIL:  Key (id)=(%s) already exists.', n2),
                            'FATAL:  terminating connection due to administrator command',
                            format('ERROR:  canceling statement due to statement timeout' || E'\n' || 'STATEMENT:  SELECT * FROM events WHERE user_id = %s', n2)])[1 + (n1 % 3)]
                ELSE (ARRAY[format('duration: %s ms  statement: SELECT id, status FROM orders WHERE customer_id = %s', round((r5 * 900)::numeric, 3), n2),
                            format('checkpoint complete: wrote %s buffers (%s%%); 0 WAL file(s) added, 0 removed, 1 recycled', n2 % 5000, round((r5 * 10)::numeric, 1)),
                            format('automatic vacuum of table "exporter.public.sessions": index scans: %s', n1 % 3),
                            format('connection authorized: user=app database=shop application_name=app-api-%s', n1 % 4)])[1 + (n1 % 4)]
           END
         WHEN process = 'sshd' THEN
           (ARRAY[format('Failed password for invalid user %s from %s port %s ssh2',
                         (ARRAY['admin', 'root', 'test', 'oracle', 'ubuntu', 'git'])[1 + (n2 % 6)],
                         coalesce(host(source_ip), 'unknown'), 1024 + n2 % 64000),
                  format('Accepted publickey for deploy from %s port %s ssh2: ED25519 SHA256:%s',
                         coalesce(host(source_ip), 'unknown'), 1024 + n2 % 64000, left(md5(n2::text), 43)),
                  format('Connection closed by authenticating user root %s port %s [preauth]',
                         coalesce(host(source_ip), 'unknown'), 1024 + n2 % 64000),
                  format('Disconnected from user deploy %s port %s', coalesce(host(source_ip), 'unknown'), 1024 + n2 % 64000)])[1 + (n1 % 4)]
         WHEN process = 'cron' THEN
           (ARRAY['(root) CMD (/usr/local/bin/backup.sh --full > /var/log/backup.log 2>&1)',
                  '(www-data) CMD (php /var/www/html/artisan schedule:run >> /dev/null 2>&1)',
                  '(root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))',
                  format('(deploy) CMD (/opt/app/bin/rotate-keys --batch %s)', n2 % 100)])[1 + (n1 % 4)]
         WHEN process = 'app-api' THEN
           CASE WHEN level IN ('ERROR', 'CRITICAL')
                THEN (ARRAY[format('Unhandled exception while processing request %s' || E'\n'
                                   || 'java.lang.IllegalStateException: order %s is already shipped' || E'\n'
                                   || E'\tat com.example.shop.OrderService.cancel(OrderService.java:%s)' || E'\n'
                                   || E'\tat com.example.shop.OrderController.cancel(OrderController.java:88)',
                                   left(md5(n1::text), 12), n2, 100 + n1 % 300),
                            format('payment provider timeout after %s ms, order %s, attempt %s of 3', 1000 + n2 % 29000, n2, 1 + n1 % 3),
                            format('database pool exhausted (active=%s, idle=0, waiting=%s)', 20, n1 % 50)])[1 + (n1 % 3)]
                ELSE (ARRAY[format('%s %s completed in %s ms', method, path, round((r5 * 500)::numeric, 2)),
                            format('user %s logged in', n2 % 100000),
                            format('Benutzer „Jürgen %s“ hat sich angemeldet ✓', n2 % 1000),
                            format('cache miss for key "product:%s", loading from db', n2),
                            format('export of report "Q%s, %s" queued', 1 + n1 % 4, 2020 + n1 % 6),
                            format('用户 %s 下单成功, amount=%s EUR', n2 % 1000, round((r5 * 300)::numeric, 2))])[1 + (n1 % 6)]
           END
         WHEN process = 'weird;proc' THEN
           (ARRAY['semi;colon;message, with "quotes", commas; and a trailing backslash \',
                  E'tab\tseparated\tfields and a \r\n windows newline',
                  format('value=%s;other="x,y";empty=""', n2)])[1 + (n1 % 3)]
         WHEN process = 'proc "quoted"' THEN
           format('he said "hello" %s times, then ''goodbye''', n2 % 10)
         WHEN process = 'systemd' THEN
           (ARRAY[format('Started Session %s of user deploy.', n2 % 5000),
                  'nginx.service: Main process exited, code=exited, status=1/FAILURE',
                  'Reached target Timers.',
                  format('logrotate.service: Consumed %ss CPU time.', round((r5 * 3)::numeric, 3))])[1 + (n1 % 4)]
         ELSE format('kernel: [%s] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.',
                     round((r5 * 1000000)::numeric, 6))
       END,
       source_ip,
       CASE WHEN r6 < 0.2 THEN NULL
            ELSE jsonb_build_object(
                   'request_id', left(md5(g::text), 16),
                   'env', (ARRAY['prod', 'prod', 'prod', 'staging'])[1 + (n1 % 4)],
                   'http', CASE WHEN process IN ('nginx', 'app-api')
                                THEN jsonb_build_object('method', method, 'path', path, 'status', status,
                                                        'bytes', bytes, 'latency_ms', round((r5 * 500)::numeric, 3))
                           END,
                   'tags', (ARRAY['["web", "edge"]', '["db"]', '["auth", "security"]', '["batch"]', '[]'])[1 + (n2 % 5)]::jsonb,
                   'user', CASE WHEN n2 % 3 = 0 THEN NULL
                                ELSE jsonb_build_object('id', n2 % 100000, 'roles',
                                         (ARRAY['["reader"]', '["reader", "writer"]', '["admin"]'])[1 + (n1 % 3)]::jsonb)
                           END,
                   'trace', jsonb_build_object('span_id', left(md5(n2::text), 8), 'sampled', n1 % 2 = 0,
                                               'parent', CASE WHEN n1 % 4 = 0 THEN jsonb_build_object('span_id', left(md5(n1::text), 8)) END))
       END
FROM (
    SELECT g, ts, r5, r6, n1, n2, process, level, host, pid, source_ip,
           (ARRAY['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'])[1 + (n1 % 6)] AS method,
           (ARRAY['/', '/index.html', '/api/v1/orders', format('/api/v1/orders/%s', n2 % 100000), '/api/v1/login',
                  format('/search?q=%s&page=%s', (ARRAY['shoes', 'caf%C3%A9', 'a%2Cb', 'x"y'])[1 + (n2 % 4)], 1 + n1 % 9),
                  '/static/app.js', '/wp-login.php', '/.env'])[1 + (n2 % 9)] AS path,
           CASE WHEN level IN ('ERROR', 'CRITICAL') THEN (ARRAY[500, 502, 503, 504])[1 + (n1 % 4)]
                WHEN level = 'WARN' THEN (ARRAY[401, 403, 404, 429])[1 + (n1 % 4)]
                ELSE (ARRAY[200, 200, 200, 201, 204, 301, 304])[1 + (n1 % 7)] END AS status,
           n2 % 250000 AS bytes
    FROM (
        SELECT g, r5, r6, n1, n2,
               tj AS ts,
               CASE WHEN rp < 0.28 THEN 'nginx'   WHEN rp < 0.52 THEN 'app-api'
                    WHEN rp < 0.67 THEN 'postgres' WHEN rp < 0.79 THEN 'sshd'
                    WHEN rp < 0.87 THEN 'cron'    WHEN rp < 0.92 THEN 'systemd'
                    WHEN rp < 0.95 THEN 'weird;proc' WHEN rp < 0.97 THEN 'proc "quoted"'
                    WHEN rp < 0.98 THEN 'kernel'  ELSE NULL END AS process,
               CASE WHEN rl < 0.15 THEN 'DEBUG' WHEN rl < 0.75 THEN 'INFO' WHEN rl < 0.90 THEN 'WARN'
                    WHEN rl < 0.98 THEN 'ERROR' ELSE 'CRITICAL' END AS level,
               CASE WHEN rh < 0.05 THEN NULL
                    ELSE (ARRAY['web-01', 'web-02', 'web-03', 'db-01', 'db-02', 'worker-01', 'worker-02',
                                'edge-fra-1', 'edge-iad-1', 'bastion.example.internal'])[1 + floor(rh * 10)::int] END AS host,
               CASE WHEN n1 % 20 = 0 THEN NULL ELSE 100 + (n2 % 65000)::int END AS pid,
               CASE WHEN r6 > 0.9 THEN NULL
                    ELSE pg_temp.demo_ip(CASE WHEN k % 50 = 0 THEN k - 1 ELSE k END) END AS source_ip
        FROM (
            SELECT g,
                   -- time: evenly spread over the 30 days plus up to 1 s of jitter (1 row in 20:
                   -- up to 30 s, a late arrival); every 997th row takes the previous row's slot
                   -- and jitter, i.e. the same timestamp
                   :'seed_start'::timestamptz
                     + ((gt - 1)::float8 / :logs) * (interval '30 days' - interval '40 seconds')
                     + interval '1 microsecond' * CASE WHEN (gt * 2654435761) % 20 = 0
                                                       THEN (gt * 2654435761) % 30000000
                                                       ELSE (gt * 2654435761) % 1000000 END AS tj,
                   random() AS rp, random() AS rl, random() AS rh, random() AS r5, random() AS r6,
                   floor(random() * 1000000)::bigint AS n1, floor(random() * 1000000000)::bigint AS n2,
                   1 + floor(random() * greatest(:ips, 100))::bigint AS k
            FROM generate_series(1::bigint, :logs) AS g,
                 LATERAL (SELECT CASE WHEN g % 997 = 0 AND g > 1 THEN g - 1 ELSE g END AS gt) AS t
            OFFSET 0
        ) a
        OFFSET 0
    ) b
    OFFSET 0
) c
ORDER BY g;

SELECT coalesce(min(id), 0) AS log_min, coalesce(max(id), 0) AS log_max FROM public.logs \gset

-- ---------------------------------------------------------------------------------------------
-- anomalies: most point at a log (same process, detected shortly after it), 10 % have no log,
-- 1 % point at a log id that does not exist.
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.anomalies (detected_at, log_id, process, anomaly_type, score, severity, details)
SELECT detected_at, log_id, process, anomaly_type, score,
       CASE WHEN score IS NULL THEN NULL
            WHEN score >= 0.9 THEN 'critical' WHEN score >= 0.7 THEN 'high'
            WHEN score >= 0.4 THEN 'medium' ELSE 'low' END,
       CASE WHEN n1 % 25 = 0 THEN NULL
            ELSE jsonb_strip_nulls(jsonb_build_object(
                   'model', jsonb_build_object('name', (ARRAY['isolation_forest', 'lstm_autoencoder', 'zscore'])[1 + (n1 % 3)],
                                               'version', format('1.%s.%s', n1 % 5, n2 % 10)),
                   'threshold', round((0.5 + (n2 % 40) / 100.0)::numeric, 2),
                   'features', jsonb_build_object('req_per_min', n2 % 5000, 'error_ratio', round((r4)::numeric, 4),
                                                  'distinct_ports', n1 % 1024, 'bytes_out', n2 % 10000000),
                   'evidence', jsonb_build_array(
                                 jsonb_build_object('kind', 'log', 'id', log_id),
                                 jsonb_build_object('kind', 'window', 'seconds', (ARRAY[60, 300, 900])[1 + (n2 % 3)])),
                   'note', CASE WHEN n1 % 10 = 0 THEN format('analyst said: "looks like %s, ticket SEC-%s"', anomaly_type, n2 % 9999) END))
       END
FROM (
    SELECT x.log_id, x.n1, x.n2, x.r4, x.anomaly_type,
           least(coalesce(l."timestamp" + interval '1 millisecond' * (x.n2 % 120000),
                          :'seed_start'::timestamptz + (interval '30 days') * x.rt),
                 :'seed_now'::timestamptz) AS detected_at,
           CASE WHEN l.id IS NOT NULL THEN l.process
                ELSE (ARRAY['nginx', 'app-api', 'sshd', 'postgres', 'weird;proc', 'proc "quoted"', NULL])[1 + (x.n1 % 7)] END AS process,
           CASE WHEN x.rs < 0.02 THEN NULL
                WHEN x.rs < 0.03 THEN 1.0
                WHEN x.rs < 0.04 THEN 0.0
                ELSE round(power(x.r4, 0.6)::numeric, 6)::float8 END AS score
    FROM (
        SELECT g, n1, n2, r4, rt, rs,
               CASE WHEN rlog < 0.10 OR :log_max = 0 THEN NULL
                    WHEN rlog < 0.11 THEN :log_max + 1 + n2 % 1000
                    ELSE :log_min + floor(random() * (:log_max - :log_min + 1))::bigint END AS log_id,
               (ARRAY['brute_force', 'port_scan', 'rate_spike', 'error_burst', 'unusual_process',
                      'data_exfiltration', 'privilege_escalation', 'sql_injection'])[1 + (n1 % 8)] AS anomaly_type
        FROM (
            SELECT g, random() AS rlog, random() AS r4, random() AS rt, random() AS rs,
                   floor(random() * 1000000)::bigint AS n1, floor(random() * 1000000000)::bigint AS n2
            FROM generate_series(1::bigint, :anomalies) AS g
            OFFSET 0
        ) a
        OFFSET 0
    ) x
    LEFT JOIN public.logs l ON l.id = x.log_id
) y
ORDER BY detected_at;

-- ---------------------------------------------------------------------------------------------
-- ips: address k = 1..ips (the same pool logs.source_ip draws from), first_seen <= last_seen.
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.ips (ip, first_seen, last_seen, request_count, country, asn, reputation, metadata)
SELECT ip, first_seen, first_seen + (:'seed_now'::timestamptz - first_seen) * r2, request_count,
       country, asn, reputation,
       CASE WHEN n1 % 6 = 0 THEN NULL
            ELSE jsonb_build_object(
                   'rdns', CASE WHEN n1 % 3 = 0 THEN NULL ELSE format('host-%s.%s', n2 % 100000,
                              (ARRAY['example.net', 'cust.isp.de', 'compute.amazonaws.com', 'googleusercontent.com'])[1 + (n1 % 4)]) END,
                   'geo', CASE WHEN country IS NULL THEN NULL
                               ELSE jsonb_build_object('country', country, 'lat', round((r2 * 180 - 90)::numeric, 4),
                                                       'lon', round((r3 * 360 - 180)::numeric, 4)) END,
                   'blocklists', CASE WHEN reputation = 'malicious'
                                      THEN '["spamhaus", "abuseipdb"]'::jsonb ELSE '[]'::jsonb END,
                   'ports_seen', (ARRAY['[22]', '[80, 443]', '[443]', '[22, 3389, 5900]'])[1 + (n2 % 4)]::jsonb)
       END
FROM (
    SELECT g, n1, n2, r2, r3,
           pg_temp.demo_ip(g) AS ip,
           :'seed_start'::timestamptz + (interval '30 days') * r1 AS first_seen,
           floor(exp(r3 * 12))::bigint AS request_count,
           CASE WHEN g % 50 = 0 OR n1 % 10 = 0 THEN NULL
                ELSE (ARRAY['US', 'US', 'DE', 'CN', 'RU', 'BR', 'IN', 'NL', 'FR', 'GB', 'JP', 'SG', 'KR', 'UA', 'ZA'])[1 + (n2 % 15)] END AS country,
           CASE WHEN g % 50 = 0 OR n1 % 12 = 0 THEN NULL
                ELSE (ARRAY[15169, 13335, 16509, 8075, 3320, 4134, 14061, 24940, 45090, 12389, 16276, 20473])[1 + (n2 % 12)] END AS asn,
           CASE WHEN n1 % 15 = 0 THEN NULL
                ELSE (ARRAY['good', 'good', 'neutral', 'neutral', 'neutral', 'suspicious', 'malicious', 'unknown'])[1 + (n2 % 8)] END AS reputation
    FROM (
        SELECT g, random() AS r1, random() AS r2, random() AS r3,
               floor(random() * 1000000)::bigint AS n1, floor(random() * 1000000000)::bigint AS n2
        FROM generate_series(1::bigint, :ips) AS g
        OFFSET 0
    ) a
    OFFSET 0
) b
ORDER BY g
ON CONFLICT (ip) DO NOTHING;

COMMIT;

ANALYZE public.logs;
ANALYZE public.anomalies;
ANALYZE public.ips;

SELECT (SELECT count(*) FROM public.logs) AS logs,
       (SELECT count(*) FROM public.anomalies) AS anomalies,
       (SELECT count(*) FROM public.ips) AS ips;

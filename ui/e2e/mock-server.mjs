// A tiny in-memory stand-in for the gateway, to try the UI (and e2e/run.mjs) without the backend:
//   npm run build && node e2e/mock-server.mjs      (PORT=4173; tokens: "admin-token", "user-token")
// Download URLs point at 127.0.0.1 vs. localhost to mimic presigned URLs on another origin.
import { createServer } from 'node:http';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.PORT || 4173);
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const TOKENS = { 'admin-token': 'admin', 'user-token': 'user' };
const exports = new Map();
const templates = new Map();
const schedules = new Map();
const scheduleRuns = [];
const apiTokens = [
  {
    id: randomUUID(),
    name: 'bootstrap',
    role: 'admin',
    created_at: new Date().toISOString(),
    created_by: 'system',
    expires_at: null,
    revoked_at: null,
  },
];
const audit = [];
const publicKeys = [];
// gpg's home for encrypting the mock's .pgp files to the keys users add (the mock holds no private key)
const GPG_HOME = mkdtempSync(path.join(os.tmpdir(), 'mock-gpg-'));
const gpg = (args, input) =>
  spawnSync('gpg', ['--homedir', GPG_HOME, '--batch', '--yes', '--trust-model', 'always', ...args], { input });
const OPS = {
  integer: ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null'],
  timestamp: ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null'],
  number: ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null'],
  text: ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'prefix', 'contains', 'is_null'],
  inet: ['eq', 'ne', 'in', 'not_in', 'is_null', 'within'],
  json: ['is_null'],
};
const dataset = (name, time, columns) => ({
  name,
  time_column: time,
  id_column: 'id',
  columns: Object.entries(columns).map(([c, type]) => ({
    name: c,
    type,
    filter_operators: OPS[type],
    path_operators: type === 'json' ? OPS.text : [],
  })),
});
const DATASETS = [
  dataset('logs', 'timestamp', {
    id: 'integer',
    timestamp: 'timestamp',
    host: 'text',
    process: 'text',
    pid: 'integer',
    level: 'text',
    message: 'text',
    source_ip: 'inet',
    metadata: 'json',
  }),
  dataset('anomalies', 'detected_at', {
    id: 'integer',
    detected_at: 'timestamp',
    log_id: 'integer',
    process: 'text',
    anomaly_type: 'text',
    score: 'number',
    severity: 'text',
    details: 'json',
  }),
  dataset('ips', 'last_seen', {
    id: 'integer',
    ip: 'inet',
    first_seen: 'timestamp',
    last_seen: 'timestamp',
    request_count: 'integer',
    country: 'text',
    asn: 'integer',
    reputation: 'text',
    metadata: 'json',
  }),
];
/** The codec of a request's `compression` (true = gzip) and the file suffix it and encryption add. */
const codecOf = (c) => (c === true || c === 'gzip' ? 'gzip' : c === 'zstd' ? 'zstd' : 'none');
const suffixOf = (body) =>
  (body.output_format === 'parquet' ? '' : { gzip: '.gz', zstd: '.zst', none: '' }[codecOf(body.compression)]) +
  (body.encryption ? '.pgp' : '');
/** Issue 17: an export with a split, partitions or a size limit lists files by path (`train/logs/part-00000.parquet`). */
const multiFile = (body) =>
  body.output_format === 'parquet' || !!body.split || !!body.partition_by || body.max_file_size != null;
/** The files of an export as the listing names them: [path, data type, split]. */
function filesOf(body) {
  const ext = body.output_format === 'parquet' ? 'parquet' : body.output_format === 'jsonl' ? 'jsonl' : 'csv';
  if (!multiFile(body)) return body.data_types.map((t) => [`${t}.csv${suffixOf(body)}`, t, null]);
  const splits = body.split ? Object.keys(body.split.ratios).sort() : [null];
  return splits.flatMap((split) =>
    body.data_types.map((t) => [`${split ? `${split}/` : ''}${t}/part-00000.${ext}${suffixOf(body)}`, t, split]),
  );
}
const record = (actor, action, target, detail = null) =>
  audit.unshift({
    id: audit.length + 1,
    at: new Date().toISOString(),
    actor,
    action,
    target,
    detail,
    remote_addr: '127.0.0.1',
  });
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const json = (res, status, body, type = 'application/json') => {
  res.writeHead(status, { 'Content-Type': type });
  res.end(JSON.stringify(body));
};
const problem = (res, status, detail, errors) =>
  json(res, status, { title: detail, status, detail, ...(errors ? { errors } : {}) }, 'application/problem+json');

function view(e) {
  const elapsed = Date.now() - e.started;
  if (e.status !== 'cancelled' && e.status !== 'failed') {
    e.status = elapsed < 800 ? 'pending' : elapsed < 2500 ? 'running' : elapsed < 3000 ? 'finalizing' : 'completed';
  }
  const percent = e.status === 'completed' ? 100 : Math.min(99, Math.floor(elapsed / 30));
  return { e, percent };
}
function status(e) {
  const { percent } = view(e);
  const done = e.status === 'completed';
  return {
    export_id: e.id,
    status: e.status,
    created_at: e.created,
    updated_at: new Date().toISOString(),
    data_types: e.body.data_types,
    config: { ...e.body, start_date: e.body.start_date ?? null, end_date: e.body.end_date ?? null },
    record_counts: Object.fromEntries(e.body.data_types.map((t) => [t, done ? 3 : 0])),
    file_sizes: Object.fromEntries(e.body.data_types.map((t) => [t, done ? 120 : 0])),
    error_message: null,
    is_compressed: codecOf(e.body.compression) !== 'none',
    total_records: done ? 3 * e.body.data_types.length : Math.floor(percent / 10),
    total_size: done ? 120 * e.body.data_types.length : 0,
    validation: Object.fromEntries(
      e.body.data_types.map((t) => [t, { level: 'basic', checked: 3, valid: 3, rejected: 0, by_rule: {} }]),
    ),
  };
}
function progress(e) {
  const { percent } = view(e);
  const total = 3 * e.body.data_types.length;
  const exported = Math.round((total * percent) / 100);
  return {
    export_id: e.id,
    status: e.status,
    percent,
    records_exported: exported,
    records_total: total,
    shards_total: e.body.data_types.length,
    shards_completed: percent === 100 ? e.body.data_types.length : 0,
    shards_failed: 0,
    data_types: Object.fromEntries(
      e.body.data_types.map((t) => [
        t,
        {
          records_exported: Math.round((3 * percent) / 100),
          records_total: 3,
          shards_total: 1,
          shards_completed: percent === 100 ? 1 : 0,
          shards_failed: 0,
        },
      ]),
    ),
    shards: e.body.data_types.map((t, i) => ({
      shard_id: `${e.id}-${i}`,
      data_type: t,
      seq: 0,
      status: percent === 100 ? 'completed' : 'running',
      worker_id: 'worker-1',
      records: Math.round((3 * percent) / 100),
      estimated_records: 3,
      attempts: 1,
      range_start: null,
      range_end: null,
    })),
    error_message: null,
  };
}

// Schedules: a tiny cron (five fields: *, numbers, lists, ranges, steps; the @ macros) evaluated in UTC.
const CRON_MACROS = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
};
const CRON_RANGES = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
function cronField(text, [lo, hi]) {
  const allowed = new Set();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let [a, b] = range === '*' ? [lo, hi] : range.split('-').map(Number);
    if (b === undefined) b = stepText === undefined ? a : hi;
    if (![a, b, step].every(Number.isInteger) || a < lo || b > hi || a > b || step < 1) return null;
    for (let v = a; v <= b; v += step) allowed.add(v);
  }
  return allowed;
}
function parseCron(expr) {
  const fields = (CRON_MACROS[expr.trim()] ?? expr).trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const sets = fields.map((f, i) => cronField(f, CRON_RANGES[i]));
  if (sets.some((x) => x === null)) return null;
  if (sets[4].has(7)) sets[4].add(0);
  return sets;
}
function nextFireTimes(sets, count, from = Date.now()) {
  const out = [];
  let t = Math.floor(from / 60000) * 60000 + 60000;
  for (let i = 0; i < 400 * 24 * 60 && out.length < count; i++, t += 60000) {
    const d = new Date(t);
    const [mi, h, dom, mon, dow] = sets;
    if (
      mi.has(d.getUTCMinutes()) &&
      h.has(d.getUTCHours()) &&
      dom.has(d.getUTCDate()) &&
      mon.has(d.getUTCMonth() + 1) &&
      dow.has(d.getUTCDay())
    )
      out.push(d.toISOString());
  }
  return out;
}
function runView(r) {
  const e = exports.get(r.export_id);
  const st = e ? status(e) : null;
  return {
    ...r,
    status: st ? st.status : r.status,
    record_counts: st && st.status === 'completed' ? st.record_counts : {},
    finished_at: st && ['completed', 'failed', 'cancelled'].includes(st.status) ? st.updated_at : null,
  };
}
function scheduleView(s) {
  const last = scheduleRuns.filter((r) => r.schedule_id === s.schedule_id).at(-1);
  const sets = parseCron(s.cron);
  return {
    ...s,
    webhook: s.webhook ? { url: s.webhook.url, secret_set: !!s.webhook.secret } : null,
    next_run_at: s.enabled && sets ? (nextFireTimes(sets, 1)[0] ?? null) : null,
    last_run: last ? runView(last) : null,
  };
}
function scheduleErrors(b) {
  const errors = [];
  if (!b.name || !String(b.name).trim()) errors.push({ field: 'name', message: 'must not be blank' });
  if (!b.cron || !parseCron(String(b.cron))) errors.push({ field: 'cron', message: 'not a cron expression' });
  if (!['window', 'incremental'].includes(b.mode))
    errors.push({ field: 'mode', message: 'must be window or incremental' });
  if (b.mode === 'window' && !b.window) errors.push({ field: 'window', message: 'required in window mode' });
  if (b.mode === 'incremental' && b.window)
    errors.push({ field: 'window', message: 'not allowed in incremental mode' });
  if (!b.export || !Array.isArray(b.export.data_types) || b.export.data_types.length === 0)
    errors.push({ field: 'export.data_types', message: 'must not be empty' });
  return errors;
}
function startRun(s, trigger, fireTime = new Date()) {
  const e = {
    id: randomUUID(),
    body: { ...s.export },
    started: Date.now(),
    created: new Date().toISOString(),
    status: 'pending',
  };
  exports.set(e.id, e);
  const f = new Date(Math.floor(fireTime.getTime() / 1000) * 1000);
  const windowMs = s.mode === 'window' ? 864e5 : 0;
  const r = {
    run_id: scheduleRuns.length + 1,
    schedule_id: s.schedule_id,
    export_id: e.id,
    fire_time: f.toISOString(),
    trigger,
    status: 'pending',
    window: s.mode === 'window' ? { start: new Date(f - windowMs).toISOString(), end: f.toISOString() } : null,
    visibility: s.mode === 'incremental' ? { after: null, after_snapshot: null, at: null, snapshot: null } : null,
    record_counts: {},
    error_message: null,
    created_at: new Date().toISOString(),
    started_at: null,
    finished_at: null,
  };
  scheduleRuns.push(r);
  return r;
}
function handleSchedules(req, res, url, body, role) {
  const page = (all) => {
    const limit = Number(url.searchParams.get('limit') || 20);
    const offset = Number(url.searchParams.get('offset') || 0);
    return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
  };
  const rest = url.pathname.slice('/api/v1/schedules'.length).replace(/\/$/, '');
  let m;
  if (rest === '/next-fire-times') {
    const sets = parseCron(url.searchParams.get('cron') || '');
    if (!sets) return problem(res, 400, 'Invalid cron', [{ field: 'cron', message: 'not a cron expression' }]);
    return json(res, 200, { fire_times: nextFireTimes(sets, Number(url.searchParams.get('count') || 5)) });
  }
  if (rest === '' && req.method === 'GET') return json(res, 200, page([...schedules.values()].map(scheduleView)));
  if (rest === '' && req.method === 'POST') {
    const errors = scheduleErrors(body);
    if (errors.length) return problem(res, 400, 'Invalid schedule', errors);
    if ([...schedules.values()].some((s) => s.name === body.name))
      return problem(res, 409, 'Schedule name already exists');
    const now = new Date().toISOString();
    const s = {
      schedule_id: randomUUID(),
      owner: role,
      timezone: 'UTC',
      lag: null,
      window: null,
      misfire: 'run_once',
      enabled: true,
      start_date: null,
      ...body,
      created_at: now,
      updated_at: now,
    };
    schedules.set(s.schedule_id, s);
    return json(res, 201, scheduleView(s));
  }
  if (!(m = /^\/([^/]+)(?:\/(pause|resume|run|backfill|runs))?$/.exec(rest))) return problem(res, 404, 'Not found');
  const s = schedules.get(m[1]);
  if (!s) return problem(res, 404, 'No such schedule');
  if (!m[2] && req.method === 'GET') return json(res, 200, scheduleView(s));
  if (!m[2] && req.method === 'PUT') {
    const errors = scheduleErrors(body);
    if (errors.length) return problem(res, 400, 'Invalid schedule', errors);
    const keep = { schedule_id: s.schedule_id, owner: s.owner, created_at: s.created_at };
    schedules.set(s.schedule_id, {
      timezone: 'UTC',
      lag: null,
      window: null,
      misfire: 'run_once',
      enabled: true,
      start_date: null,
      webhook: null,
      ...body,
      ...keep,
      updated_at: new Date().toISOString(),
    });
    return json(res, 200, scheduleView(schedules.get(s.schedule_id)));
  }
  if (!m[2] && req.method === 'DELETE') {
    schedules.delete(s.schedule_id);
    return json(res, 200, { schedule_id: s.schedule_id, deleted: true });
  }
  if (m[2] === 'pause' || m[2] === 'resume') {
    s.enabled = m[2] === 'resume';
    return json(res, 200, scheduleView(s));
  }
  if (m[2] === 'run') {
    const r = startRun(s, 'manual');
    return json(res, 200, { export_id: r.export_id, run_id: r.run_id });
  }
  if (m[2] === 'backfill') {
    if (s.mode !== 'window') return problem(res, 409, 'Backfill needs a window schedule');
    const sets = parseCron(s.cron);
    const start = Date.parse(body.start_date);
    const end = Date.parse(body.end_date);
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
      return problem(res, 400, 'Invalid backfill', [{ field: 'end_date', message: 'must be after start_date' }]);
    const times = nextFireTimes(sets, 1000, start + 864e5 - 60000).filter((t) => Date.parse(t) <= end);
    const runs = times.map((t) => startRun(s, 'backfill', new Date(t)));
    return json(res, 202, { runs: runs.length, run_ids: runs.map((r) => r.run_id) });
  }
  if (m[2] === 'runs')
    return json(
      res,
      200,
      page(
        scheduleRuns
          .filter((r) => r.schedule_id === s.schedule_id)
          .reverse()
          .map(runView),
      ),
    );
  return problem(res, 404, 'Not found');
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const p = url.pathname;
  if (p.startsWith('/files/')) {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Access-Control-Allow-Origin': '*' });
    // Rows that pass the e2e script's checks of a logs export (3 to 5 March 2024, nginx and sshd, ERROR and WARN).
    if (p.endsWith('/README.md')) {
      res.end('---\npretty_name: mock export\nconfigs:\n- config_name: logs\n---\n# Data card\n');
      return;
    }
    if (p.endsWith('/schema.json')) return res.end('{"profile": "data-package", "resources": []}');
    // not a real Parquet file: its magic number at both ends
    if (p.endsWith('.parquet')) return res.end(Buffer.from('PAR1 mock PAR1'));
    const text = /\/logs\.csv/.test(p)
      ? 'id,timestamp,process,level,message\n1,2024-03-03T10:00:00.123Z,nginx,ERROR,GET /\n2,2024-03-04T23:59:59Z,sshd,WARN,login\n'
      : 'ip,count,first_seen\n10.0.0.1,4,2025-01-01T00:00:00Z\n10.0.0.2,1,2025-01-01T00:01:00Z\n';
    const e = exports.get(p.split('/')[2]);
    const codec = e ? codecOf(e.body.compression) : 'none';
    let bytes = Buffer.from(text);
    if (codec === 'gzip') bytes = gzipSync(bytes);
    if (codec === 'zstd') bytes = spawnSync('zstd', ['-c', '-q'], { input: bytes }).stdout;
    if (e?.body.encryption) {
      const to = e.body.encryption.recipients.flatMap((r) => [
        '-r',
        publicKeys.find((k) => k.id === r)?.fingerprint ?? r,
      ]);
      bytes = gpg(['--encrypt', ...to], bytes).stdout;
    }
    return res.end(bytes);
  }
  if (p === '/api/v1/datasets' || p.startsWith('/api/v1/keys')) {
    const role = TOKENS[(req.headers.authorization || '').replace(/^Bearer /, '')];
    if (!role) return problem(res, 401, 'Missing or invalid token');
    if (p === '/api/v1/datasets') return json(res, 200, { items: DATASETS });
    if (p === '/api/v1/keys' && req.method === 'GET') {
      const mine = publicKeys.filter((k) => role === 'admin' || k.owner === role);
      return json(res, 200, { items: mine, total: mine.length, limit: 100, offset: 0 });
    }
    if (p === '/api/v1/keys' && req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      const armor = String(body.public_key || '');
      if (!armor.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----'))
        return problem(res, 400, 'Invalid request', [{ field: 'public_key', message: 'not an OpenPGP public key' }]);
      const shown = gpg(['--with-colons', '--import-options', 'show-only', '--import'], armor);
      const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(shown.stdout.toString());
      if (!fpr) return problem(res, 400, 'Invalid request', [{ field: 'public_key', message: 'not an OpenPGP key' }]);
      const fingerprint = fpr[1];
      gpg(['--import'], armor);
      if (publicKeys.some((k) => k.fingerprint === fingerprint && k.owner === role))
        return problem(res, 409, 'You already added this key');
      const k = {
        id: randomUUID(),
        owner: role,
        name: body.name ?? null,
        fingerprint,
        key_id: fingerprint.slice(-16),
        user_ids: ['Mock <mock@example.com>'],
        algorithm: 'RSA 3072',
        created_at: new Date().toISOString(),
        expires_at: null,
      };
      publicKeys.push(k);
      return json(res, 201, k);
    }
    const m = /^\/api\/v1\/keys\/([^/]+)$/.exec(p);
    const i = m ? publicKeys.findIndex((k) => k.id === m[1] && (role === 'admin' || k.owner === role)) : -1;
    if (i < 0) return problem(res, 404, 'No such key');
    if (req.method === 'DELETE') {
      publicKeys.splice(i, 1);
      res.writeHead(204);
      return res.end();
    }
    return json(res, 200, publicKeys[i]);
  }
  if (p === '/actuator/health') return json(res, 200, { status: 'UP' });
  if (p.startsWith('/api/v1/export') || p.startsWith('/api/v1/admin') || p.startsWith('/api/v1/schedules')) {
    const role = TOKENS[(req.headers.authorization || '').replace(/^Bearer /, '')];
    if (!role) return problem(res, 401, 'Missing or invalid token');
    let body = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString() || '{}') : {};
    }
    let m;
    if (p.startsWith('/api/v1/schedules')) return handleSchedules(req, res, url, body, role);
    if (p.startsWith('/api/v1/admin')) {
      if (role !== 'admin') return problem(res, 403, 'Admin only');
      const a = p.slice('/api/v1/admin'.length);
      if (a === '/tokens' && req.method === 'GET') return json(res, 200, { items: apiTokens, total: apiTokens.length });
      if (a === '/tokens' && req.method === 'POST') {
        if (!body.name) return problem(res, 400, 'Invalid request', [{ field: 'name', message: 'must not be blank' }]);
        const t = {
          id: randomUUID(),
          name: body.name,
          role: body.role || 'user',
          created_at: new Date().toISOString(),
          created_by: 'admin-token',
          expires_at: body.expires_at ?? null,
          revoked_at: null,
        };
        apiTokens.push(t);
        record('admin-token', 'token.create', t.id);
        return json(res, 201, { ...t, token: `exp_${randomUUID().replace(/-/g, '')}` });
      }
      if ((m = /^\/tokens\/([^/]+)$/.exec(a)) && req.method === 'DELETE') {
        const t = apiTokens.find((x) => x.id === m[1]);
        if (!t) return problem(res, 404, 'No such token');
        t.revoked_at = new Date().toISOString();
        record('admin-token', 'token.revoke', t.id);
        res.writeHead(204);
        return res.end();
      }
      if (a === '/audit') {
        const limit = Number(url.searchParams.get('limit') || 20);
        const offset = Number(url.searchParams.get('offset') || 0);
        const actor = url.searchParams.get('actor');
        const action = url.searchParams.get('action');
        const all = audit.filter((e) => (!actor || e.actor === actor) && (!action || e.action === action));
        return json(res, 200, { items: all.slice(offset, offset + limit), total: all.length, limit, offset });
      }
      return problem(res, 404, 'Not found');
    }
    const rest = p.slice('/api/v1/export'.length) || '/';
    if (rest === '/templates' && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') || 100);
      const offset = Number(url.searchParams.get('offset') || 0);
      const all = [...templates.values()];
      return json(res, 200, { items: all.slice(offset, offset + limit), total: all.length, limit, offset });
    }
    if (rest === '/templates' && req.method === 'POST') {
      if (!body.name) return problem(res, 400, 'Invalid request', [{ field: 'name', message: 'must not be blank' }]);
      if ([...templates.values()].some((t) => t.name === body.name))
        return problem(res, 409, 'Template name already exists');
      const now = new Date().toISOString();
      const t = {
        template_id: randomUUID(),
        name: body.name,
        description: body.description ?? null,
        owner: role,
        config: body.config,
        created_at: now,
        updated_at: now,
      };
      templates.set(t.template_id, t);
      return json(res, 201, t);
    }
    if ((m = /^\/templates\/([^/]+)(\/run)?$/.exec(rest))) {
      const t = templates.get(m[1]);
      if (!t) return problem(res, 404, 'No such template');
      if (m[2] && req.method === 'POST') {
        const e = {
          id: randomUUID(),
          body: { ...t.config, ...body },
          started: Date.now(),
          created: new Date().toISOString(),
          status: 'pending',
        };
        exports.set(e.id, e);
        return json(res, 200, status(e));
      }
      if (req.method === 'PUT') {
        Object.assign(t, {
          name: body.name,
          description: body.description ?? null,
          config: body.config,
          updated_at: new Date().toISOString(),
        });
        return json(res, 200, t);
      }
      if (req.method === 'DELETE') {
        templates.delete(t.template_id);
        res.writeHead(204);
        return res.end();
      }
      return json(res, 200, t);
    }
    if ((m = /^\/([^/]+)\/events$/.exec(rest))) {
      const e = exports.get(m[1]);
      if (!e) return problem(res, 404, 'No such export');
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      let last = '';
      const tick = () => {
        const pr = JSON.stringify(progress(e));
        if (pr !== last) {
          last = pr;
          res.write(`event: progress\ndata: ${pr}\n\n`);
        }
        if (['completed', 'failed', 'cancelled'].includes(e.status)) {
          clearInterval(iv);
          res.end();
        }
      };
      const iv = setInterval(tick, 250);
      req.on('close', () => clearInterval(iv));
      tick();
      return;
    }
    if (rest === '/' && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') || 10);
      const offset = Number(url.searchParams.get('offset') || 0);
      const all = [...exports.values()].reverse();
      return json(res, 200, { items: all.slice(offset, offset + limit).map(status), total: all.length, limit, offset });
    }
    if ((rest === '/' || rest === '/estimate') && req.method === 'POST') {
      if (!Array.isArray(body.data_types) || body.data_types.length === 0)
        return problem(res, 400, 'Invalid request', [{ field: 'data_types', message: 'must not be empty' }]);
      if (rest === '/estimate')
        return json(res, 200, {
          total_records: 3 * body.data_types.length,
          total_bytes: 120 * body.data_types.length,
          data_types: Object.fromEntries(body.data_types.map((t) => [t, { records: 3, bytes: 120, shards: [] }])),
        });
      const e = { id: randomUUID(), body, started: Date.now(), created: new Date().toISOString(), status: 'pending' };
      exports.set(e.id, e);
      return json(res, 200, status(e));
    }
    if (rest === '/stats') {
      if (role !== 'admin') return problem(res, 403, 'Admin only');
      const all = [...exports.values()];
      const by_status = {};
      for (const e of all) by_status[status(e).status] = (by_status[e.status] || 0) + 1;
      return json(res, 200, {
        total_exports: all.length,
        total_size: all.length * 120,
        oldest_export: all[0]?.created ?? null,
        newest_export: all.at(-1)?.created ?? null,
        by_status,
      });
    }
    if (rest === '/cleanup' && req.method === 'POST') {
      if (role !== 'admin') return problem(res, 403, 'Admin only');
      return json(res, 200, {
        deleted_exports: 0,
        freed_bytes: 0,
        export_ids: [],
        older_than: new Date(Date.now() - 7 * 864e5).toISOString(),
        retention_days: 7,
      });
    }
    if (rest === '/bulk' && req.method === 'POST') {
      const ids = [...new Set(Array.isArray(body.export_ids) ? body.export_ids : [])];
      if (!['cancel', 'delete'].includes(body.action))
        return problem(res, 400, 'Invalid request', [{ field: 'action', message: 'must be cancel or delete' }]);
      if (ids.length === 0 || ids.length > 100)
        return problem(res, 400, 'Invalid request', [{ field: 'export_ids', message: 'must list 1 to 100 ids' }]);
      const results = ids.map((id) => {
        const e = exports.get(id);
        if (!e) return { export_id: id, outcome: 'not_found', status: 404, detail: `export ${id} not found` };
        if (body.action === 'delete') {
          exports.delete(id);
          return { export_id: id, outcome: 'deleted', status: 200, freed_bytes: 120 };
        }
        const now = status(e).status;
        if (['completed', 'failed', 'cancelled'].includes(now))
          return { export_id: id, outcome: 'conflict', status: 409, detail: `export ${id} is ${now}` };
        e.status = 'cancelled';
        return { export_id: id, outcome: 'cancelled', status: 200 };
      });
      const succeeded = results.filter((r) => r.status === 200).length;
      return json(res, 200, { action: body.action, results, succeeded, failed: results.length - succeeded });
    }
    if (rest === '/usage' && req.method === 'GET') {
      // by day only, every export counted for the caller
      const day = (d) => d.toISOString().slice(0, 10);
      const to = url.searchParams.get('to') || day(new Date());
      const from = url.searchParams.get('from') || day(new Date(Date.parse(to) - 29 * 864e5));
      const rows = new Map();
      for (const e of exports.values()) {
        const period = e.created.slice(0, 10);
        if (period < from || period > to) continue;
        for (const t of e.body.data_types) {
          const key = `${period}/${role}/${t}`;
          const done = status(e).status === 'completed';
          const r = rows.get(key) ?? {
            period,
            user: role,
            data_type: t,
            exports: 0,
            completed: 0,
            records: 0,
            bytes: 0,
          };
          r.exports += 1;
          r.completed += done ? 1 : 0;
          r.records += done ? 3 : 0;
          r.bytes += done ? 120 : 0;
          rows.set(key, r);
        }
      }
      const items = [...rows.values()].map((r) => ({
        ...r,
        duration_ms: r.completed * 3000,
        avg_duration_ms: r.completed ? 3000 : null,
      }));
      const sum = (f) => items.reduce((n, i) => n + i[f], 0);
      const completed = [...exports.values()].filter((e) => status(e).status === 'completed').length;
      return json(res, 200, {
        bucket: 'day',
        from,
        to,
        user: role === 'admin' ? null : role,
        items,
        totals: {
          exports: exports.size,
          completed,
          records: sum('records'),
          bytes: sum('bytes'),
          duration_ms: completed * 3000,
          avg_duration_ms: completed ? 3000 : null,
        },
      });
    }
    if ((m = /^\/download\/([^/]+)$/.exec(rest))) {
      const e = exports.get(m[1]);
      if (!e) return problem(res, 404, 'No such export');
      if (status(e).status !== 'completed') return problem(res, 409, 'Export not completed');
      const other = req.headers.host.startsWith('localhost') ? `127.0.0.1:${PORT}` : `localhost:${PORT}`;
      return json(res, 200, {
        export_id: e.id,
        expires_at: new Date(Date.now() + 36e5).toISOString(),
        manifest_url: `http://${other}/files/${e.id}/manifest.json?sig=x`,
        files: [
          ...filesOf(e.body).map(([name, t, split]) => ({
            data_type: t,
            kind: 'data',
            name,
            path: name,
            split,
            partition: null,
            url: `http://${other}/files/${e.id}/${name}?sig=x`,
            size: 120,
            records: 3,
            sha256: 'ab'.repeat(32),
          })),
          ...(multiFile(e.body)
            ? [
                ['README.md', 'card'],
                ['schema.json', 'schema'],
              ].map(([name, kind]) => ({
                data_type: null,
                kind,
                name,
                path: name,
                split: null,
                partition: null,
                url: `http://${other}/files/${e.id}/${name}?sig=x`,
                size: 100,
                records: 0,
                sha256: 'cd'.repeat(32),
              }))
            : []),
        ],
        ...(multiFile(e.body)
          ? {
              card_url: `http://${other}/files/${e.id}/README.md?sig=x`,
              schema_url: `http://${other}/files/${e.id}/schema.json?sig=x`,
            }
          : {}),
      });
    }
    if ((m = /^\/([^/]+)(?:\/(status|progress|cancel|retry))?$/.exec(rest))) {
      const e = exports.get(m[1]);
      if (!e) return problem(res, 404, 'No such export');
      if (!m[2] && req.method === 'DELETE') {
        exports.delete(e.id);
        return json(res, 200, { export_id: e.id, deleted: true, freed_bytes: 120 });
      }
      if (m[2] === 'status') return json(res, 200, status(e));
      if (m[2] === 'progress') return json(res, 200, progress(e));
      if (m[2] === 'cancel') {
        e.status = 'cancelled';
        return json(res, 200, status(e));
      }
      if (m[2] === 'retry') {
        e.status = 'pending';
        e.started = Date.now();
        return json(res, 200, status(e));
      }
    }
    return problem(res, 404, 'Not found');
  }
  // Static files with SPA fallback.
  const file = path.join(DIST, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
  try {
    const data = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    return res.end(data);
  } catch {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end(await readFile(path.join(DIST, 'index.html')));
  }
});
server.listen(PORT, () => console.log(`mock gateway on http://localhost:${PORT}`));

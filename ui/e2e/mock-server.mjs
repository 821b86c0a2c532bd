// A tiny in-memory stand-in for the gateway, to try the UI (and e2e/run.mjs) without the backend:
//   npm run build && node e2e/mock-server.mjs      (PORT=4173; tokens: "admin-token", "user-token")
// Download URLs point at 127.0.0.1 vs. localhost to mimic presigned URLs on another origin.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.PORT || 4173);
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const TOKENS = { 'admin-token': 'admin', 'user-token': 'user' };
const exports = new Map();
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
    export_id: e.id, status: e.status, created_at: e.created, updated_at: new Date().toISOString(),
    data_types: e.body.data_types, config: { ...e.body, start_date: e.body.start_date ?? null, end_date: e.body.end_date ?? null },
    record_counts: Object.fromEntries(e.body.data_types.map((t) => [t, done ? 3 : 0])),
    file_sizes: Object.fromEntries(e.body.data_types.map((t) => [t, done ? 120 : 0])),
    error_message: null, is_compressed: !!e.body.compression,
    total_records: done ? 3 * e.body.data_types.length : Math.floor(percent / 10), total_size: done ? 120 * e.body.data_types.length : 0,
    validation: Object.fromEntries(e.body.data_types.map((t) => [t, { level: 'basic', checked: 3, valid: 3, rejected: 0, by_rule: {} }])),
  };
}
function progress(e) {
  const { percent } = view(e);
  const total = 3 * e.body.data_types.length;
  const exported = Math.round((total * percent) / 100);
  return {
    export_id: e.id, status: e.status, percent, records_exported: exported, records_total: total,
    shards_total: e.body.data_types.length, shards_completed: percent === 100 ? e.body.data_types.length : 0, shards_failed: 0,
    data_types: Object.fromEntries(e.body.data_types.map((t) => [t, { records_exported: Math.round((3 * percent) / 100), records_total: 3, shards_total: 1, shards_completed: percent === 100 ? 1 : 0, shards_failed: 0 }])),
    shards: e.body.data_types.map((t, i) => ({ shard_id: `${e.id}-${i}`, data_type: t, seq: 0, status: percent === 100 ? 'completed' : 'running', worker_id: 'worker-1', records: Math.round((3 * percent) / 100), estimated_records: 3, attempts: 1, range_start: null, range_end: null })),
    error_message: null,
  };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const p = url.pathname;
  if (p.startsWith('/files/')) {
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*' });
    return res.end('ip,count,first_seen\n10.0.0.1,4,2025-01-01T00:00:00Z\n10.0.0.2,1,2025-01-01T00:01:00Z\n');
  }
  if (p === '/actuator/health') return json(res, 200, { status: 'UP' });
  if (p.startsWith('/api/v1/export')) {
    const role = TOKENS[(req.headers.authorization || '').replace(/^Bearer /, '')];
    if (!role) return problem(res, 401, 'Missing or invalid token');
    let body = {};
    if (req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString() || '{}') : {};
    }
    const rest = p.slice('/api/v1/export'.length) || '/';
    let m;
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
        return json(res, 200, { total_records: 3 * body.data_types.length, total_bytes: 120 * body.data_types.length, data_types: Object.fromEntries(body.data_types.map((t) => [t, { records: 3, bytes: 120, shards: [] }])) });
      const e = { id: randomUUID(), body, started: Date.now(), created: new Date().toISOString(), status: 'pending' };
      exports.set(e.id, e);
      return json(res, 200, status(e));
    }
    if (rest === '/stats') {
      if (role !== 'admin') return problem(res, 403, 'Admin only');
      const all = [...exports.values()];
      const by_status = {};
      for (const e of all) by_status[status(e).status] = (by_status[e.status] || 0) + 1;
      return json(res, 200, { total_exports: all.length, total_size: all.length * 120, oldest_export: all[0]?.created ?? null, newest_export: all.at(-1)?.created ?? null, by_status });
    }
    if (rest === '/cleanup' && req.method === 'POST') {
      if (role !== 'admin') return problem(res, 403, 'Admin only');
      return json(res, 200, { deleted_exports: 0, freed_bytes: 0, export_ids: [], older_than: new Date(Date.now() - 7 * 864e5).toISOString(), retention_days: 7 });
    }
    if ((m = /^\/download\/([^/]+)$/.exec(rest))) {
      const e = exports.get(m[1]);
      if (!e) return problem(res, 404, 'No such export');
      if (status(e).status !== 'completed') return problem(res, 409, 'Export not completed');
      const other = req.headers.host.startsWith('localhost') ? `127.0.0.1:${PORT}` : `localhost:${PORT}`;
      return json(res, 200, { export_id: e.id, expires_at: new Date(Date.now() + 36e5).toISOString(), manifest_url: `http://${other}/files/${e.id}/manifest.json?sig=x`,
        files: e.body.data_types.map((t) => ({ data_type: t, kind: 'data', name: `${t}.csv`, url: `http://${other}/files/${e.id}/${t}.csv?sig=x`, size: 120, records: 3, sha256: 'ab'.repeat(32) })) });
    }
    if ((m = /^\/([^/]+)(?:\/(status|progress|cancel|retry))?$/.exec(rest))) {
      const e = exports.get(m[1]);
      if (!e) return problem(res, 404, 'No such export');
      if (!m[2] && req.method === 'DELETE') { exports.delete(e.id); return json(res, 200, { export_id: e.id, deleted: true, freed_bytes: 120 }); }
      if (m[2] === 'status') return json(res, 200, status(e));
      if (m[2] === 'progress') return json(res, 200, progress(e));
      if (m[2] === 'cancel') { e.status = 'cancelled'; return json(res, 200, status(e)); }
      if (m[2] === 'retry') { e.status = 'pending'; e.started = Date.now(); return json(res, 200, status(e)); }
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

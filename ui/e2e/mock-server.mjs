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
const templates = new Map();
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
    is_compressed: !!e.body.compression,
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

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const p = url.pathname;
  if (p.startsWith('/files/')) {
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*' });
    // Rows that pass the e2e script's checks of a logs export (3 to 5 March 2024, nginx and sshd).
    if (p.endsWith('/logs.csv')) {
      return res.end(
        'id,timestamp,process,message\n1,2024-03-03T10:00:00.123Z,nginx,GET /\n2,2024-03-04T23:59:59Z,sshd,login\n',
      );
    }
    return res.end('ip,count,first_seen\n10.0.0.1,4,2025-01-01T00:00:00Z\n10.0.0.2,1,2025-01-01T00:01:00Z\n');
  }
  if (p === '/actuator/health') return json(res, 200, { status: 'UP' });
  if (p.startsWith('/api/v1/export') || p.startsWith('/api/v1/admin')) {
    const role = TOKENS[(req.headers.authorization || '').replace(/^Bearer /, '')];
    if (!role) return problem(res, 401, 'Missing or invalid token');
    let body = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString() || '{}') : {};
    }
    let m;
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
    if ((m = /^\/download\/([^/]+)$/.exec(rest))) {
      const e = exports.get(m[1]);
      if (!e) return problem(res, 404, 'No such export');
      if (status(e).status !== 'completed') return problem(res, 409, 'Export not completed');
      const other = req.headers.host.startsWith('localhost') ? `127.0.0.1:${PORT}` : `localhost:${PORT}`;
      return json(res, 200, {
        export_id: e.id,
        expires_at: new Date(Date.now() + 36e5).toISOString(),
        manifest_url: `http://${other}/files/${e.id}/manifest.json?sig=x`,
        files: e.body.data_types.map((t) => ({
          data_type: t,
          kind: 'data',
          name: `${t}.csv`,
          url: `http://${other}/files/${e.id}/${t}.csv?sig=x`,
          size: 120,
          records: 3,
          sha256: 'ab'.repeat(32),
        })),
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

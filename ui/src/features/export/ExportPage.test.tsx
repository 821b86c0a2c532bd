import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { setToken } from '../../api/auth';
import type { ExportProgressResponse, ExportStatusResponse } from '../../api/types';
import { ExportPage } from './ExportPage';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

const ID = '03c4cb67-e009-4e39-88d1-f018a868331b';
const BASE = `/api/v1/export/${ID}`;

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** The README's progress example: a week of logs in 3 shards run by two workers. */
/** Validation figures of a type that has not been checked yet. */
const NO_VALIDATION = { level: 'basic', checked: 0, valid: 0, rejected: 0, by_rule: {} } as const;

function runningProgress(): ExportProgressResponse {
  return {
    export_id: ID,
    status: 'running',
    percent: 47,
    records_exported: 110000,
    records_total: 233334,
    shards_total: 3,
    shards_completed: 1,
    shards_failed: 0,
    data_types: {
      logs: {
        records_exported: 110000,
        records_total: 233334,
        shards_total: 3,
        shards_completed: 1,
        shards_failed: 0,
        validation: NO_VALIDATION,
      },
    },
    shards: [
      {
        shard_id: 21,
        data_type: 'logs',
        seq: 0,
        status: 'running',
        worker_id: 'worker-2',
        records: 50000,
        estimated_records: 77778,
        attempts: 1,
        duration_ms: 5120,
        range_start: '2026-11-01T00:00:00Z',
        range_end: '2026-11-03T08:00:00Z',
        started_at: '2026-11-20T09:14:02Z',
        completed_at: null,
      },
      {
        shard_id: 22,
        data_type: 'logs',
        seq: 1,
        status: 'completed',
        worker_id: 'worker-1',
        records: 60000,
        estimated_records: 77778,
        attempts: 2,
        duration_ms: 420,
        range_start: '2026-11-03T08:00:00Z',
        range_end: '2026-11-05T16:00:00Z',
        started_at: '2026-11-20T09:14:02Z',
        completed_at: '2026-11-20T09:14:02.420Z',
      },
      {
        shard_id: 23,
        data_type: 'logs',
        seq: 2,
        status: 'queued',
        worker_id: null,
        records: 0,
        estimated_records: 77778,
        attempts: 0,
        duration_ms: null,
        range_start: '2026-11-05T16:00:00Z',
        range_end: '2026-11-08T00:00:00Z',
        started_at: null,
        completed_at: null,
      },
    ],
    error_message: null,
  };
}

function statusOf(
  status: ExportStatusResponse['status'],
  extra: Partial<ExportStatusResponse> = {},
): ExportStatusResponse {
  return {
    export_id: ID,
    status,
    created_at: '2026-11-20T09:14:00Z',
    updated_at: '2026-11-20T09:14:07Z',
    started_at: '2026-11-20T09:14:01Z',
    completed_at: null,
    error_message: null,
    output_format: 'json',
    is_compressed: false,
    record_counts: {},
    file_sizes: {},
    total_records: 0,
    total_size: 0,
    validation: {},
    webhook: null,
    schedule_id: null,
    schedule_run: null,
    data_types: ['logs'],
    config: {
      data_types: ['logs'],
      start_date: null,
      end_date: null,
      processes: [],
      batch_size: 1000,
      include_metadata: true,
      validation_level: 'basic',
      output_format: 'json',
      compression: false,
      filters: {},
      transformations: {},
    },
    ...extra,
  };
}

interface ServerState {
  progress: ExportProgressResponse;
  status: ExportStatusResponse;
}

/**
 * The export routes. `events` answers GET /{id}/events; by default 404, so the page must fall back to
 * polling /progress and /status. Cancel and retry change the state the next poll sees.
 */
function stubApi(
  state: ServerState,
  events: () => Response = () => jsonResponse({ title: 'Not Found', status: 404 }, 404),
) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    if (url === `${BASE}/events` && method === 'GET') return events();
    if (url === `${BASE}/progress` && method === 'GET') return jsonResponse(state.progress);
    if (url === `${BASE}/status` && method === 'GET') return jsonResponse(state.status);
    if (url === `${BASE}/cancel` && method === 'POST') {
      state.status = statusOf('cancelled');
      state.progress = { ...state.progress, status: 'cancelled' };
      return jsonResponse(state.status);
    }
    if (url === `${BASE}/retry` && method === 'POST') {
      state.status = statusOf('running');
      state.progress = { ...runningProgress(), percent: 66 };
      return jsonResponse(state.status);
    }
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const urlsOf = (fetchMock: ReturnType<typeof stubApi>, method = 'GET') =>
  fetchMock.mock.calls.filter((c) => (c[1]?.method ?? 'GET') === method).map((c) => String(c[0]));

function renderPage() {
  return render(
    <AntApp>
      <MemoryRouter initialEntries={[`/exports/${ID}`]}>
        <Routes>
          <Route path="/exports/:id" element={<ExportPage />} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
}

/** Cell texts of one shard row (columns: data type, seq, worker, status, records, duration, attempts). */
function shardRow(shardId: string): string[] {
  const row = document.querySelector(`tr[data-row-key="${shardId}"]`);
  if (!row) throw new Error(`no row for shard ${shardId}`);
  return Array.from(row.querySelectorAll('td')).map((td) => td.textContent ?? '');
}

const statusTag = () => screen.getByTestId('export-status');

inlineComputedStyleInThisFile();

describe('ExportPage', () => {
  it('shows progress, the per-type bar and the shards of a running export (polling when there is no stream)', async () => {
    setToken('secret-token');
    const state: ServerState = { progress: runningProgress(), status: statusOf('running') };
    const fetchMock = stubApi(state);
    renderPage();

    expect(screen.getByText('Loading export…')).toBeInTheDocument();
    expect(await screen.findByText('worker-2')).toBeInTheDocument();
    // The stream was tried, answered 404, and the data came from polling.
    const gets = urlsOf(fetchMock);
    expect(gets).toContain(`${BASE}/events`);
    expect(gets).toContain(`${BASE}/progress`);
    expect(gets).toContain(`${BASE}/status`);
    const eventsInit = fetchMock.mock.calls.find((c) => String(c[0]) === `${BASE}/events`)?.[1] as RequestInit;
    expect((eventsInit.headers as Record<string, string>).Authorization).toBe('Bearer secret-token');
    expect(screen.queryByText('live')).not.toBeInTheDocument();

    expect(statusTag()).toHaveTextContent('running');
    expect(screen.getByText('110,000 / 233,334')).toBeInTheDocument();
    expect(screen.getByText('1 / 3')).toBeInTheDocument();

    const overall = screen.getByLabelText('Overall progress');
    expect(overall).toHaveAttribute('aria-valuenow', '47');
    expect(overall).toHaveTextContent('47%');

    // Per data type: 1 of 3 shards done → 33 %.
    expect(screen.getByText('logs: 110,000 / 233,334 records · shards 1/3')).toBeInTheDocument();
    const logsBar = screen.getByLabelText('logs progress');
    expect(logsBar).toHaveAttribute('aria-valuenow', '33');
    expect(logsBar).toHaveTextContent('33%');

    // Shards table with the Duration column.
    const headers = Array.from(document.querySelectorAll('th')).map((th) => th.textContent);
    expect(headers).toEqual(
      expect.arrayContaining(['Data type', 'Seq', 'Worker', 'Status', 'Records', 'Duration', 'Attempts']),
    );
    expect(shardRow('21')).toEqual(['logs', '0', 'worker-2', 'running', '50,000 / ~77,778', '5.1s', '1']);
    expect(shardRow('22')).toEqual(['logs', '1', 'worker-1', 'completed', '60,000 / ~77,778', '420 ms', '2']);
    expect(shardRow('23')).toEqual(['logs', '2', '-', 'queued', '0 / ~77,778', '-', '0']);

    expect(screen.getByText('Cancel')).toBeInTheDocument();
    expect(screen.queryByText('Retry')).not.toBeInTheDocument();
    expect(screen.queryByText('Export error')).not.toBeInTheDocument();
    expect(screen.queryByText('Get download links')).not.toBeInTheDocument();

    // The next poll (1 s later) picks up new figures.
    state.progress = {
      ...runningProgress(),
      percent: 80,
      records_exported: 190000,
      data_types: {
        logs: {
          records_exported: 190000,
          validation: NO_VALIDATION,
          records_total: 233334,
          shards_total: 3,
          shards_completed: 2,
          shards_failed: 0,
        },
      },
    };
    await waitFor(() => expect(screen.getByLabelText('Overall progress')).toHaveAttribute('aria-valuenow', '80'), {
      timeout: 4000,
    });
    expect(screen.getByLabelText('logs progress')).toHaveAttribute('aria-valuenow', '66');
  });

  it('cancels a running export', async () => {
    setToken('secret-token');
    const state: ServerState = { progress: runningProgress(), status: statusOf('running') };
    const fetchMock = stubApi(state);
    renderPage();

    await screen.findByText('worker-2');
    expect(statusTag()).toHaveTextContent('running');
    fireEvent.click(screen.getByText('Cancel'));

    expect(await screen.findByText('Export cancelled')).toBeInTheDocument();
    expect(urlsOf(fetchMock, 'POST')).toEqual([`${BASE}/cancel`]);
    await waitFor(() => expect(statusTag()).toHaveTextContent('cancelled'));
    expect(screen.queryByText('Cancel')).not.toBeInTheDocument();
    expect(screen.queryByText('Retry')).not.toBeInTheDocument();
  });

  it('shows the error of a failed export and retries it', async () => {
    setToken('secret-token');
    const message = 'Shard logs#1 failed after 3 attempts: connection reset';
    const state: ServerState = {
      progress: {
        ...runningProgress(),
        status: 'failed',
        shards_failed: 1,
        data_types: {
          logs: {
            records_exported: 110000,
            validation: NO_VALIDATION,
            records_total: 233334,
            shards_total: 3,
            shards_completed: 1,
            shards_failed: 1,
          },
        },
        error_message: message,
      },
      status: statusOf('failed', { error_message: message }),
    };
    const fetchMock = stubApi(state);
    renderPage();

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByText('Export error')).toBeInTheDocument();
    expect(statusTag()).toHaveTextContent('failed');
    expect(screen.getByText('1 / 3 (1 failed)')).toBeInTheDocument();
    expect(screen.getByLabelText('Overall progress')).toHaveClass('ant-progress-status-exception');
    expect(screen.queryByText('Cancel')).not.toBeInTheDocument();

    fireEvent.click(screen.getByText('Retry'));

    expect(await screen.findByText('Export restarted')).toBeInTheDocument();
    expect(urlsOf(fetchMock, 'POST')).toEqual([`${BASE}/retry`]);
    await waitFor(() => expect(statusTag()).toHaveTextContent('running'));
    expect(screen.getByText('Cancel')).toBeInTheDocument();
    expect(screen.queryByText('Retry')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Overall progress')).toHaveAttribute('aria-valuenow', '66'));
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  });

  it('follows the server-sent events stream when it is available', async () => {
    setToken('secret-token');
    const state: ServerState = { progress: runningProgress(), status: statusOf('running') };
    const encoder = new TextEncoder();
    let push: (text: string) => void = () => {};
    const fetchMock = stubApi(state, () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (text) => controller.enqueue(encoder.encode(text));
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    });
    renderPage();

    // The first poll answers before any event.
    await screen.findByText('worker-2');
    expect(screen.getByLabelText('Overall progress')).toHaveAttribute('aria-valuenow', '47');
    expect(screen.queryByText('live')).not.toBeInTheDocument();

    // Polls that still happen answer the same as the stream, so only the stream can set "live".
    state.progress = { ...runningProgress(), percent: 72 };
    push(`event: progress\ndata: ${JSON.stringify(state.progress)}\n\n`);
    expect(await screen.findByText('live')).toBeInTheDocument();
    expect(screen.getByLabelText('Overall progress')).toHaveAttribute('aria-valuenow', '72');

    // The final event ends the export: status is re-read and the download section appears.
    state.status = statusOf('completed', { total_records: 233334, total_size: 1024 * 1024 });
    state.progress = { ...runningProgress(), status: 'completed', percent: 100, shards_completed: 3 };
    push(`event: progress\ndata: ${JSON.stringify(state.progress)}\n\n`);
    expect(await screen.findByText('Get download links')).toBeInTheDocument();
    expect(statusTag()).toHaveTextContent('completed');
    expect(screen.getByLabelText('Overall progress')).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText('1 MB')).toBeInTheDocument();
    expect(urlsOf(fetchMock).filter((u) => u === `${BASE}/events`)).toHaveLength(1);
  });

  it("shows issue 16's config (filters, codec, recipients, formula escaping) and lists .zst.pgp files for download", async () => {
    setToken('secret-token');
    const config = {
      ...statusOf('completed').config,
      output_format: 'csv' as const,
      compression: 'zstd' as const,
      compression_level: 19,
      csv_escape_formulas: true,
      encryption: { type: 'openpgp' as const, recipients: ['k-1', 'ABCDEF0123456789'] },
      filters: { logs: { level: { in: ['ERROR', 'WARN'] } }, process: 'nginx' },
    };
    const state: ServerState = {
      progress: { ...runningProgress(), status: 'completed', percent: 100 },
      status: statusOf('completed', { is_compressed: true, total_size: 2048, config }),
    };
    const fetchMock = stubApi(state);
    const base = fetchMock.getMockImplementation()!;
    const file = (name: string, kind: 'data' | 'rejected') => ({
      name,
      kind,
      data_type: 'logs',
      records: 3,
      size: 100,
      sha256: 'ab'.repeat(32),
      url: `http://127.0.0.1:9000/b/${name}?X-Amz-Signature=s`,
    });
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url === '/api/v1/keys?limit=100&offset=0')
        return jsonResponse({
          items: [{ id: 'k-1', name: 'ops', fingerprint: 'F'.repeat(40), key_id: 'FFFFFFFFFFFFFFFF' }],
          total: 1,
        });
      if (url === `/api/v1/export/download/${ID}`)
        return jsonResponse({
          export_id: ID,
          expires_at: '2026-11-20T10:14:00Z',
          files: [file('logs.csv.zst.pgp', 'data'), file('rejected/logs.jsonl.zst.pgp', 'rejected')],
          manifest_url: 'http://127.0.0.1:9000/b/manifest.json',
        });
      return base(input, init);
    });
    renderPage();

    expect(await screen.findByText('Configuration')).toBeInTheDocument();
    expect(screen.getByTestId('config-filters')).toHaveTextContent('all types: process = nginx');
    expect(screen.getByTestId('config-filters')).toHaveTextContent('logs: level in ERROR, WARN');
    expect(screen.getAllByText('zstd, level 19').length).toBeGreaterThan(0);
    expect(screen.getByText(/ \(zstd, level 19\)$/)).toBeInTheDocument(); // the size
    // recipients by the name of the user's key when known, else as sent
    expect(await screen.findByText('OpenPGP to ops (…FFFFFFFFFFFFFFFF), ABCDEF0123456789')).toBeInTheDocument();
    expect(screen.getByText(/^on \(cells starting with/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Get download links' }));
    const link = await screen.findByRole('link', { name: 'Download logs.csv.zst.pgp' });
    expect(link).toHaveAttribute('href', 'http://127.0.0.1:9000/b/logs.csv.zst.pgp?X-Amz-Signature=s');
    expect(link).toHaveAttribute('download', 'logs.csv.zst.pgp');
    expect(screen.getByRole('link', { name: 'Download rejected/logs.jsonl.zst.pgp' })).toBeInTheDocument();
    expect(screen.getAllByText('OpenPGP').length).toBe(2);
  });
});

describe('ExportPage, issue 17', () => {
  it('shows the dataset config, the data card link and the files grouped by split, type and partition', async () => {
    setToken('secret-token');
    const config = {
      ...statusOf('completed').config,
      output_format: 'parquet' as const,
      compression: 'snappy' as const,
      max_file_size: '64MB',
      partition_by: 'day' as const,
      split: { ratios: { train: 0.8, validation: 0.1, test: 0.1 }, seed: 's' },
    };
    const state: ServerState = {
      progress: { ...runningProgress(), status: 'completed', percent: 100 },
      status: statusOf('completed', { total_size: 2048, config }),
    };
    const fetchMock = stubApi(state);
    const base = fetchMock.getMockImplementation()!;
    const file = (path: string, kind: string, split: string | null, partition: string | null, type: string | null) => ({
      name: path,
      path,
      kind,
      split,
      partition,
      data_type: type,
      records: kind === 'data' ? 3 : 0,
      size: 100,
      sha256: 'ab'.repeat(32),
      url: `http://127.0.0.1:9000/b/${path}?X-Amz-Signature=s`,
    });
    const data = (split: string, partition: string, n: number) =>
      file(`${split}/logs/${partition}/part-0000${n}.parquet`, 'data', split, partition, 'logs');
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === `/api/v1/export/download/${ID}`)
        return jsonResponse({
          export_id: ID,
          expires_at: '2026-11-20T10:14:00Z',
          files: [
            data('test', 'date=2024-03-03', 0),
            data('train', 'date=2024-03-03', 0),
            data('train', 'date=2024-03-03', 1),
            data('train', 'date=2024-03-04', 0),
            data('validation', 'date=2024-03-03', 0),
            file('README.md', 'card', null, null, null),
            file('schema.json', 'schema', null, null, null),
          ],
          manifest_url: 'http://127.0.0.1:9000/b/manifest.json',
          card_url: 'http://127.0.0.1:9000/b/README.md?card',
          schema_url: 'http://127.0.0.1:9000/b/schema.json?schema',
        });
      return base(input, init);
    });
    renderPage();

    expect(await screen.findByText('Configuration')).toBeInTheDocument();
    expect(screen.getByText('train 0.8, validation 0.1, test 0.1, key id column, seed "s"')).toBeInTheDocument();
    expect(screen.getByText('64MB')).toBeInTheDocument();
    expect(screen.getAllByText('snappy pages').length).toBeGreaterThan(0);

    fireEvent.click(screen.getByRole('button', { name: 'Get download links' }));
    const card = await screen.findByRole('link', { name: /Data card/ });
    expect(card).toHaveAttribute('href', 'http://127.0.0.1:9000/b/README.md?card');
    expect(screen.getByRole('link', { name: 'Schema' })).toHaveAttribute(
      'href',
      'http://127.0.0.1:9000/b/schema.json?schema',
    );
    // one group per split, in the listing's order; the card and schema are not among the data files
    const groups = screen.getAllByTestId('file-group');
    expect(groups.map((g) => g.getAttribute('data-split'))).toEqual(['test', 'train', 'validation']);
    const train = screen.getByRole('region', { name: 'Split train' });
    const rows = within(train).getAllByRole('row').slice(1); // below the header
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['logs', 'date=2024-03-03', 'part-00000.parquet', '3', '100 B', 'abababababab…', 'Download'],
      ['part-00001.parquet', '3', '100 B', 'abababababab…', 'Download'],
      ['date=2024-03-04', 'part-00000.parquet', '3', '100 B', 'abababababab…', 'Download'],
    ]);
    expect(
      within(train).getByRole('link', { name: 'Download train/logs/date=2024-03-04/part-00000.parquet' }),
    ).toHaveAttribute('data-kind', 'data');
    expect(screen.queryByRole('link', { name: 'Download README.md' })).not.toBeInTheDocument();
  });
});

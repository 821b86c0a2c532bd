import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { setToken } from '../../api/auth';
import type { Schedule, ScheduleRun } from '../../api/schedules';
import { SchedulesPage } from './SchedulesPage';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

const SCHEDULE_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const EXPORT_ID = '0f3c9a1e-1111-4222-8333-444444444444';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  schedule_id: SCHEDULE_ID,
  name: 'nightly logs',
  owner: 'alice',
  cron: '0 2 * * *',
  timezone: 'Europe/Berlin',
  mode: 'incremental',
  window: null,
  lag: 'PT15M',
  misfire: 'skip',
  export: {
    data_types: ['logs'],
    output_format: 'csv',
    processes: [],
    batch_size: 1000,
    include_metadata: true,
    validation_level: 'basic',
    compression: false,
    transformations: {},
    filters: {},
    start_date: null,
    end_date: null,
  },
  webhook: { url: 'https://hooks.example/x', secret_set: false },
  enabled: true,
  start_date: '2024-01-01T00:00:00Z',
  next_run_at: '2026-11-30T01:00:00Z',
  last_run: null,
  created_at: '2026-11-28T10:00:00Z',
  updated_at: '2026-11-28T10:00:00Z',
  ...over,
});

const run: ScheduleRun = {
  run_id: 18,
  schedule_id: SCHEDULE_ID,
  export_id: EXPORT_ID,
  fire_time: '2026-11-29T10:00:00Z',
  trigger: 'manual',
  status: 'completed',
  window: null,
  visibility: { after: null, after_snapshot: null, at: '2026-11-29T10:00:01Z', snapshot: '1:2:' },
  record_counts: { logs: 12 },
  error_message: null,
  created_at: '2026-11-29T10:00:00Z',
  started_at: '2026-11-29T10:00:00Z',
  finished_at: '2026-11-29T10:00:03Z',
};

function stubApi() {
  let runs: ScheduleRun[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const path = url.pathname;
    if (path === '/api/v1/schedules' && method === 'GET')
      return jsonResponse({ items: [schedule()], total: 1, limit: 20, offset: 0 });
    if (path === `/api/v1/schedules/${SCHEDULE_ID}/run` && method === 'POST') {
      runs = [run];
      return jsonResponse({ export_id: EXPORT_ID, run_id: 18 });
    }
    if (path === `/api/v1/schedules/${SCHEDULE_ID}/runs`)
      return jsonResponse({ items: runs, total: runs.length, limit: 10, offset: 0 });
    if (path === `/api/v1/schedules/${SCHEDULE_ID}` && method === 'PUT') {
      return jsonResponse({ ...schedule(), ...JSON.parse(String(init?.body)) });
    }
    if (path === '/api/v1/schedules/next-fire-times') return jsonResponse({ fire_times: [] });
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderPage() {
  return render(
    <AntApp>
      <MemoryRouter initialEntries={['/schedules']}>
        <SchedulesPage />
      </MemoryRouter>
    </AntApp>,
  );
}

inlineComputedStyleInThisFile();

describe('SchedulesPage', () => {
  it('lists the schedules and runs one now, showing its export and its run', async () => {
    setToken('t');
    stubApi();
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Schedules' })).toBeInTheDocument();
    const row = (await screen.findByText('nightly logs')).closest('tr')!;
    expect(within(row).getByText('0 2 * * *')).toBeInTheDocument();
    expect(within(row).getByText('Europe/Berlin')).toBeInTheDocument();
    // no backfill for an incremental schedule
    expect(within(row).queryByText('Backfill')).not.toBeInTheDocument();

    fireEvent.click(within(row).getByRole('button', { name: 'Run now: nightly logs' }));

    const started = await screen.findByTestId('run-started');
    expect(within(started).getByRole('link', { name: EXPORT_ID })).toHaveAttribute('href', `/exports/${EXPORT_ID}`);
    const runs = await screen.findByRole('region', { name: 'Runs of nightly logs' });
    const link = await within(runs).findByRole('link', { name: /export of run 18/ });
    expect(link).toHaveAttribute('href', `/exports/${EXPORT_ID}`);
    expect(within(runs).getByText('12 (logs 12)')).toBeInTheDocument();
    expect(within(runs).getByText('manual')).toBeInTheDocument();
  });

  it('edits a schedule with its values filled in and PUTs the whole schedule', async () => {
    setToken('t');
    const fetchMock = stubApi();
    renderPage();
    const row = (await screen.findByText('nightly logs')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Edit nightly logs' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Name')).toHaveValue('nightly logs');
    expect(within(dialog).getByLabelText('Cron')).toHaveValue('0 2 * * *');
    expect(within(dialog).queryByLabelText('Window')).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText('Start Date')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Lag'), { target: { value: 'PT30M' } });
    fireEvent.click(within(dialog).getByText('Save schedule'));

    await waitFor(() => expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find((c) => c[1]?.method === 'PUT')!;
    expect(String(put[0])).toBe(`/api/v1/schedules/${SCHEDULE_ID}`);
    expect(JSON.parse(String(put[1]?.body))).toMatchObject({
      name: 'nightly logs',
      mode: 'incremental',
      lag: 'PT30M',
      misfire: 'skip',
      start_date: '2024-01-01T00:00:00.000Z',
      webhook: { url: 'https://hooks.example/x' },
      export: { data_types: ['logs'], output_format: 'csv' },
    });
    expect(JSON.parse(String(put[1]?.body)).window).toBeUndefined();
  });
});

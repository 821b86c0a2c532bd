import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { setToken } from '../../api/auth';
import type { CleanupResponse, StatsResponse } from '../../api/types';
import { ADMIN_NEEDED, ManagePage } from './ManagePage';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const STATS: StatsResponse = {
  total_exports: 1234,
  total_size: 3.5 * 1024 * 1024,
  oldest_export: '2026-11-01T08:30:00',
  newest_export: '2026-11-20T17:45:00',
  by_status: { completed: 1200, failed: 30, cancelled: 4 },
};

const CLEANUP: CleanupResponse = {
  deleted_exports: 3,
  freed_bytes: 1.5 * 1024 * 1024,
  export_ids: ['a', 'b', 'c'],
  older_than: '2026-11-13T00:00:00',
  retention_days: 7,
};

/**
 * Every route the page (and its charts, templates and tokens sections) calls. Stats come from `stats()`
 * so a test can change them after cleanup.
 */
function stubApi(stats: () => Response, cleanup: () => Response = () => jsonResponse(CLEANUP)) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    if (url === '/api/v1/export/stats' && method === 'GET') return stats();
    if (url === '/api/v1/export/cleanup' && method === 'POST') return cleanup();
    if (url.startsWith('/api/v1/export/?') && method === 'GET')
      return jsonResponse({ items: [], total: 0, limit: 1000, offset: 0 });
    if (url.startsWith('/api/v1/export/templates?'))
      return jsonResponse({ items: [], total: 0, limit: 100, offset: 0 });
    if (url === '/api/v1/admin/tokens') return jsonResponse({ items: [], total: 0 });
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const cleanupCalls = (fetchMock: ReturnType<typeof stubApi>) =>
  fetchMock.mock.calls.filter((c) => String(c[0]) === '/api/v1/export/cleanup');
const statsCalls = (fetchMock: ReturnType<typeof stubApi>) =>
  fetchMock.mock.calls.filter((c) => String(c[0]) === '/api/v1/export/stats');

function renderPage() {
  return render(
    <AntApp>
      <MemoryRouter>
        <ManagePage />
      </MemoryRouter>
    </AntApp>,
  );
}

/** The displayed value of the Statistic with this title. */
function statValue(title: string): string {
  const titles = Array.from(document.querySelectorAll('.ant-statistic-title')).filter((el) => el.textContent === title);
  if (titles.length !== 1) throw new Error(`${titles.length} statistics titled ${title}`);
  return titles[0].closest('.ant-statistic')?.querySelector('.ant-statistic-content')?.textContent ?? '';
}

inlineComputedStyleInThisFile();

describe('ManagePage', () => {
  it('shows the statistics from the stats endpoint', async () => {
    setToken('admin-secret');
    const fetchMock = stubApi(() => jsonResponse(STATS));
    renderPage();

    expect(screen.getByRole('heading', { level: 1, name: 'Export Management' })).toBeInTheDocument();
    expect(await screen.findByText('Total Exports')).toBeInTheDocument();
    expect(statValue('Total Exports')).toBe('1,234');
    expect(statValue('Total Size')).toBe('3.5 MB');
    expect(statValue('Oldest Export')).toBe('2026-11-01 08:30');
    expect(statValue('Newest Export')).toBe('2026-11-20 17:45');
    expect(statValue('completed')).toBe('1,200');
    expect(statValue('failed')).toBe('30');
    expect(statValue('cancelled')).toBe('4');

    const init = statsCalls(fetchMock)[0][1] as RequestInit;
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer admin-secret');
    expect(cleanupCalls(fetchMock)).toHaveLength(0);
  });

  it('says so when there are no exports', async () => {
    setToken('admin-secret');
    stubApi(() =>
      jsonResponse({ total_exports: 0, total_size: 0, oldest_export: null, newest_export: null, by_status: {} }),
    );
    renderPage();

    expect(await screen.findByText('No exports')).toBeInTheDocument();
    expect(statValue('Total Exports')).toBe('0');
    expect(statValue('Total Size')).toBe('0 B');
    expect(statValue('Oldest Export')).toBe('-');
  });

  it('cleans up only after confirmation and shows the result', async () => {
    setToken('admin-secret');
    let stats = STATS;
    const fetchMock = stubApi(
      () => jsonResponse(stats),
      () => {
        stats = { ...STATS, total_exports: 1231, by_status: { completed: 1197, failed: 30, cancelled: 4 } };
        return jsonResponse(CLEANUP);
      },
    );
    renderPage();
    await screen.findByText('Total Exports');

    // Asks first; "No" does nothing.
    fireEvent.click(screen.getByText('Clean Up Old Exports'));
    expect(await screen.findByText('Clean up old exports?')).toBeInTheDocument();
    expect(
      screen.getByText('Exports older than the retention period are deleted with their files.'),
    ).toBeInTheDocument();
    expect(cleanupCalls(fetchMock)).toHaveLength(0);
    fireEvent.click(screen.getByText('No'));
    await waitFor(() => expect(document.querySelector('.ant-popover:not(.ant-popover-hidden)')).toBeNull());
    expect(cleanupCalls(fetchMock)).toHaveLength(0);
    expect(screen.queryByText(/Cleanup done/)).not.toBeInTheDocument();

    fireEvent.click(screen.getByText('Clean Up Old Exports'));
    fireEvent.click(await screen.findByText('Yes, clean up'));

    const result = await screen.findByText('Cleanup done: deleted 3 exports, freed 1.5 MB');
    expect(result.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByText('Removed exports created before 2026-11-13 00:00 (retention 7 days).')).toBeInTheDocument();
    expect(cleanupCalls(fetchMock)).toHaveLength(1);
    expect(cleanupCalls(fetchMock)[0][1]?.method).toBe('POST');
    // Statistics are reloaded after the cleanup.
    await waitFor(() => expect(statValue('Total Exports')).toBe('1,231'));
    expect(statsCalls(fetchMock).length).toBeGreaterThanOrEqual(2);
  });

  it('shows a single deleted export and a cleanup error', async () => {
    setToken('admin-secret');
    let fail = false;
    const fetchMock = stubApi(
      () => jsonResponse(STATS),
      () =>
        fail
          ? jsonResponse({ title: 'Internal Server Error', status: 500, detail: 'Storage is not reachable' }, 500)
          : jsonResponse({ deleted_exports: 1, freed_bytes: 512 }),
    );
    renderPage();
    await screen.findByText('Total Exports');

    fireEvent.click(screen.getByText('Clean Up Old Exports'));
    fireEvent.click(await screen.findByText('Yes, clean up'));
    expect(await screen.findByText('Cleanup done: deleted 1 export, freed 512 B')).toBeInTheDocument();

    fail = true;
    fireEvent.click(screen.getByText('Clean Up Old Exports'));
    fireEvent.click(await screen.findByText('Yes, clean up'));
    expect(await screen.findByText('Storage is not reachable')).toBeInTheDocument();
    expect(cleanupCalls(fetchMock)).toHaveLength(2);
  });

  it('says an admin token is needed on 403', async () => {
    setToken('user-token');
    const fetchMock = stubApi(() => jsonResponse({ title: 'Forbidden', status: 403, detail: 'Admin only' }, 403));
    renderPage();

    expect(await screen.findByText(ADMIN_NEEDED)).toBeInTheDocument();
    expect(screen.queryByText('Total Exports')).not.toBeInTheDocument();
    expect(screen.queryByText('Clean Up Old Exports')).not.toBeInTheDocument();
    expect(cleanupCalls(fetchMock)).toHaveLength(0);
  });
});

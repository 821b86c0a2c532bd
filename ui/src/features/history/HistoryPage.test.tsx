import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { setToken } from '../../api/auth';
import { HistoryPage } from './HistoryPage';

function item(n: number) {
  const id = `${String(n).padStart(8, '0')}-1111-4222-8333-444444444444`;
  return {
    export_id: id,
    status: n % 2 ? 'completed' : 'failed',
    created_at: '2025-01-02T03:04:05Z',
    updated_at: '2025-01-02T03:05:05Z',
    data_types: ['logs', 'ips'],
    config: n === 1 ? { start_date: '2025-01-01T00:00:00', end_date: '2025-01-02T00:00:00' } : {},
    total_records: 1000 + n,
    total_size: 1.2 * 1024 * 1024,
  };
}

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('HistoryPage', () => {
  it('loads pages from the server with limit and offset', async () => {
    setToken('secret-token');
    const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      const items = Array.from({ length: Math.min(limit, 25 - offset) }, (_, i) => item(offset + i + 1));
      return jsonResponse({ items, total: 25, limit, offset });
    });
    vi.stubGlobal('fetch', fetchMock);

    render(
      <AntApp>
        <MemoryRouter>
          <HistoryPage />
        </MemoryRouter>
      </AntApp>,
    );

    expect(screen.getByRole('heading', { level: 1, name: 'Export History' })).toBeInTheDocument();
    expect(await screen.findByText('00000001...')).toBeInTheDocument();
    expect(String(fetchMock.mock.calls[0][0])).toBe('/api/v1/export/?limit=10&offset=0');
    const init = fetchMock.mock.calls[0][1] as RequestInit;
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret-token');

    // Row content: date range, tags, human readable size.
    expect(screen.getByText('From: 2025-01-01 00:00', { exact: false })).toBeInTheDocument();
    expect(screen.getAllByText('No date range specified').length).toBeGreaterThan(0);
    expect(screen.getAllByText('1.2 MB').length).toBe(10);
    expect(screen.getAllByText('ips').length).toBe(10);

    fireEvent.click(screen.getByTitle('2'));

    expect(await screen.findByText('00000011...')).toBeInTheDocument();
    await waitFor(() =>
      expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/export/?limit=10&offset=10'),
    );
    expect(screen.queryByText('00000001...')).not.toBeInTheDocument();
  });

  it('shows the empty state', async () => {
    setToken('t');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ items: [], total: 0, limit: 10, offset: 0 })),
    );
    render(
      <AntApp>
        <MemoryRouter>
          <HistoryPage />
        </MemoryRouter>
      </AntApp>,
    );
    expect(await screen.findByText('No exports yet')).toBeInTheDocument();
  });
});

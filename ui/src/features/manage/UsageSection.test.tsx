import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { setToken } from '../../api/auth';
import type { UsageReport } from '../../api/bulk';
import { UsageSection } from './UsageSection';

const REPORT: UsageReport = {
  bucket: 'day',
  from: '2026-11-27',
  to: '2026-11-29',
  user: null,
  items: [
    {
      period: '2026-11-27',
      user: 'alice',
      data_type: 'logs',
      exports: 2,
      completed: 2,
      records: 1500,
      bytes: 2048,
      duration_ms: 3000,
      avg_duration_ms: 1500,
    },
    {
      period: '2026-11-29',
      user: 'bob',
      data_type: 'ips',
      exports: 1,
      completed: 0,
      records: 0,
      bytes: 0,
      duration_ms: 0,
      avg_duration_ms: null,
    },
  ],
  totals: { exports: 3, completed: 2, records: 1500, bytes: 2048, duration_ms: 3000, avg_duration_ms: 1500 },
};

function stub(answer: (url: URL) => Response) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => answer(new URL(String(input), 'http://localhost')));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const svg = (label: string) => document.querySelector(`svg[role="img"][aria-label="${label}"]`)!;

describe('UsageSection', () => {
  it('shows totals, a chart per period and the rows per user and data type', async () => {
    setToken('t');
    const fetchMock = stub(() => json(REPORT));
    render(
      <AntApp>
        <UsageSection />
      </AntApp>,
    );
    expect(await screen.findByText('alice')).toBeInTheDocument();
    const url = new URL(String(fetchMock.mock.calls[0][0]), 'http://localhost');
    expect(url.pathname).toBe('/api/v1/export/usage');
    expect(url.searchParams.get('bucket')).toBe('day');
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(url.searchParams.has('user')).toBe(false);

    const alice = screen.getByText('alice').closest('tr')!;
    expect(within(alice).getByText('2026-11-27')).toBeInTheDocument();
    expect(within(alice).getByText('1,500')).toBeInTheDocument();
    expect(within(alice).getByText('2 KB')).toBeInTheDocument();
    expect(within(alice).getByText('3.0 s')).toBeInTheDocument();
    expect(within(alice).getByText('1.5 s')).toBeInTheDocument();

    // one group per day of the range, the empty one included; records stacked by type
    const chart = svg('Records per day by data type');
    expect(chart.querySelectorAll('g[data-period]')).toHaveLength(3);
    expect(chart.querySelector('g[data-period="2026-11-27"] rect')).not.toBeNull();
    expect(chart.querySelector('g[data-period="2026-11-28"] rect')).toBeNull();
    expect(chart.querySelector('g[data-period="2026-11-27"] title')?.textContent).toBe('2026-11-27: 1,500, logs 1,500');

    fireEvent.click(within(document.querySelector<HTMLElement>('.ant-segmented')!).getByText('Exports'));
    await waitFor(() => expect(svg('Exports per day by data type')).not.toBeNull());
    const exportsChart = svg('Exports per day by data type');
    expect(exportsChart.querySelector('g[data-period="2026-11-29"] rect')).not.toBeNull();
  });

  it('asks for one user when an admin names one, and shows a refusal', async () => {
    setToken('t');
    const fetchMock = stub((url) =>
      url.searchParams.get('user') === 'bob'
        ? json({ title: 'Forbidden', status: 403, detail: "only an admin may ask for another user's usage" }, 403)
        : json(REPORT),
    );
    render(
      <AntApp>
        <UsageSection />
      </AntApp>,
    );
    await screen.findByText('alice');
    const user = screen.getByPlaceholderText('User (admins)');
    fireEvent.change(user, { target: { value: 'bob' } });
    fireEvent.keyDown(user, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(await screen.findByText("Usage: only an admin may ask for another user's usage")).toBeInTheDocument();
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.map((c) => new URL(String(c[0]), 'http://localhost').searchParams.get('user')),
      ).toContain('bob'),
    );
  });
});

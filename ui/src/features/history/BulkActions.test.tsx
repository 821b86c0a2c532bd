import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { setToken } from '../../api/auth';
import type { BulkResponse } from '../../api/bulk';
import { HistoryPage } from './HistoryPage';

const id = (n: number) => `${String(n).padStart(8, '0')}-1111-4222-8333-444444444444`;

function item(n: number) {
  return {
    export_id: id(n),
    status: n === 1 ? 'running' : 'completed',
    created_at: '2025-01-02T03:04:05Z',
    data_types: ['logs'],
    config: {},
    total_records: 10,
    total_size: 100,
  };
}

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function stub(answer: (body: { action: string; export_ids: string[] }) => BulkResponse) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/api/v1/export/bulk' && init?.method === 'POST') {
      return jsonResponse(answer(JSON.parse(String(init.body))));
    }
    if (url.startsWith('/api/v1/export/?')) {
      return jsonResponse({ items: [1, 2, 3].map(item), total: 3, limit: 10, offset: 0 });
    }
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderPage() {
  render(
    <AntApp>
      <MemoryRouter>
        <HistoryPage />
      </MemoryRouter>
    </AntApp>,
  );
}

/** The selection checkbox of the row of the export whose id starts with `prefix`. */
const checkboxOf = (prefix: string) =>
  screen.getByText(`${prefix}...`).closest('tr')!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
const button = (name: string) => screen.getByText(name).closest('button')!;

const bulkCalls = (fetchMock: ReturnType<typeof stub>) =>
  fetchMock.mock.calls.filter((c) => String(c[0]) === '/api/v1/export/bulk');
const listCalls = (fetchMock: ReturnType<typeof stub>) =>
  fetchMock.mock.calls.filter((c) => String(c[0]).startsWith('/api/v1/export/?'));

describe('History bulk actions', () => {
  it('deletes the selected exports in one call, shows the failures and reloads the list', async () => {
    setToken('t');
    const fetchMock = stub(({ export_ids }) => ({
      action: 'delete',
      results: [
        { export_id: export_ids[0], outcome: 'deleted', status: 200, freed_bytes: 2048 },
        { export_id: export_ids[1], outcome: 'not_found', status: 404, detail: `export ${export_ids[1]} not found` },
      ],
      succeeded: 1,
      failed: 1,
    }));
    renderPage();
    expect(await screen.findByText('00000001...')).toBeInTheDocument();
    const deleteSelected = button('Delete selected');
    expect(deleteSelected).toBeDisabled();

    fireEvent.click(checkboxOf('00000001'));
    fireEvent.click(checkboxOf('00000003'));
    expect(screen.getByText('2 selected')).toBeInTheDocument();

    fireEvent.click(button('Delete selected'));
    expect(await screen.findByText('Delete 2 exports?')).toBeInTheDocument();
    expect(bulkCalls(fetchMock)).toHaveLength(0);
    const listsBefore = listCalls(fetchMock).length;
    fireEvent.click(button('Yes, delete'));

    expect(await screen.findByText('1 deleted (freed 2 KB), 1 failed')).toBeInTheDocument();
    expect(bulkCalls(fetchMock)).toHaveLength(1);
    const init = bulkCalls(fetchMock)[0][1] as RequestInit;
    expect(JSON.parse(String(init.body))).toEqual({ action: 'delete', export_ids: [id(1), id(3)] });
    const failures = document.querySelector<HTMLElement>('[aria-label="Exports that failed"]')!;
    expect(within(failures).getByText('not found')).toBeInTheDocument();
    expect(within(failures).getByText(`export ${id(3)} not found`)).toBeInTheDocument();
    await waitFor(() => expect(listCalls(fetchMock).length).toBeGreaterThan(listsBefore));
    expect(await screen.findByText('Select exports to act on several at once')).toBeInTheDocument();
  });

  it('cancels the selected exports after confirmation', async () => {
    setToken('t');
    const fetchMock = stub(({ export_ids }) => ({
      action: 'cancel',
      results: export_ids.map((e) => ({ export_id: e, outcome: 'cancelled', status: 200 })),
      succeeded: export_ids.length,
      failed: 0,
    }));
    renderPage();
    expect(await screen.findByText('00000002...')).toBeInTheDocument();
    fireEvent.click(checkboxOf('00000002'));
    fireEvent.click(button('Cancel selected'));
    fireEvent.click((await screen.findByText('Yes, cancel')).closest('button')!);
    expect(await screen.findByText('1 cancelled')).toBeInTheDocument();
    const init = bulkCalls(fetchMock)[0][1] as RequestInit;
    expect(JSON.parse(String(init.body))).toEqual({ action: 'cancel', export_ids: [id(2)] });
  });
});

import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes, useParams } from 'react-router-dom';
import { setToken } from '../../api/auth';
import { NewExportPage } from './NewExportPage';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

const EXPORT_ID = '0f3c9a1e-1111-4222-8333-444444444444';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

type Handler = (body: unknown) => Response;

/**
 * The routes NewExportPage talks to: templates are listed on mount, POST / creates, POST /estimate
 * estimates. `create` decides the answer to POST /.
 */
function stubApi(create: Handler = () => jsonResponse({ export_id: EXPORT_ID, status: 'pending' })) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    if (url.startsWith('/api/v1/export/templates?') && method === 'GET')
      return jsonResponse({ items: [], total: 0, limit: 100, offset: 0 });
    if (url === '/api/v1/export/' && method === 'POST') return create(body);
    if (url === '/api/v1/export/estimate' && method === 'POST') {
      return jsonResponse({
        total_records: 1334,
        total_bytes: 2560,
        data_types: { logs: { records: 1234, bytes: 2048 }, ips: { records: 100, bytes: 512 } },
        // issue 17: with a split, the rows each split is expected to get
        ...(body?.split ? { splits: { test: { logs: 123, ips: 10 }, train: { logs: 1111, ips: 90 } } } : {}),
      });
    }
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const createCalls = (fetchMock: ReturnType<typeof stubApi>) =>
  fetchMock.mock.calls.filter((c) => String(c[0]) === '/api/v1/export/' && c[1]?.method === 'POST');

function ExportProbe() {
  const { id } = useParams();
  return <div>Export page for {id}</div>;
}

function renderPage() {
  return render(
    <AntApp>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/" element={<NewExportPage />} />
          <Route path="/exports/:id" element={<ExportProbe />} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
}

/** Opens the "Data Types" select and clicks the given options. */
async function pickDataTypes(...types: string[]) {
  const input = screen.getByLabelText('Data Types');
  fireEvent.mouseDown(input);
  for (const t of types) {
    const option = await waitFor(() => {
      const el = document.querySelector(`.ant-select-item-option[title="${t}"]`);
      if (!el) throw new Error(`option ${t} not shown`);
      return el;
    });
    fireEvent.click(option);
  }
  // Close the dropdown: while it is open every render re-aligns it (slow getComputedStyle in jsdom).
  fireEvent.mouseDown(document.body);
  await waitFor(() => expect(input).toHaveAttribute('aria-expanded', 'false'));
}

const startExport = () => fireEvent.click(screen.getByText('Start Export'));

inlineComputedStyleInThisFile();

describe('NewExportPage', () => {
  it('requires a data type and does not call the API without one', async () => {
    setToken('secret-token');
    const fetchMock = stubApi();
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Export Data' })).toBeInTheDocument();
    // Both ends of the date range have a label (the end one for screen readers only).
    expect(screen.getByLabelText('Date Range')).toHaveAttribute('placeholder', 'Start date');
    expect(screen.getByLabelText('Date Range end')).toHaveAttribute('placeholder', 'End date');
    await waitFor(() =>
      expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/export/templates?limit=100&offset=0'),
    );

    startExport();

    const message = await screen.findByText('Select at least one data type');
    // Shown under the Data Types field; validation failed, so nothing was posted.
    expect(message.closest('.ant-form-item')?.querySelector('#data_types')).not.toBeNull();
    expect(createCalls(fetchMock)).toHaveLength(0);
    expect(fetchMock.mock.calls.every((c) => c[1]?.method !== 'POST')).toBe(true);
    expect(screen.queryByText(/Export page for/)).not.toBeInTheDocument();
  });

  it('estimates the selected data types', async () => {
    setToken('secret-token');
    const fetchMock = stubApi();
    renderPage();

    await pickDataTypes('logs', 'ips');
    fireEvent.click(screen.getByText('Estimate'));

    expect(await screen.findByText('1,334 rows, 2.5 KB')).toBeInTheDocument();
    expect(screen.getByText('1,234 rows, 2 KB')).toBeInTheDocument();
    expect(screen.getByText('100 rows, 512 B')).toBeInTheDocument();
    const call = fetchMock.mock.calls.find((c) => String(c[0]) === '/api/v1/export/estimate');
    expect(JSON.parse(String(call?.[1]?.body))).toMatchObject({ data_types: ['logs', 'ips'] });
    expect(createCalls(fetchMock)).toHaveLength(0);
  });

  it('shows the rows each split is expected to get', async () => {
    setToken('secret-token');
    stubApi();
    renderPage();
    await pickDataTypes('logs', 'ips');
    fireEvent.click(screen.getByRole('button', { name: 'Dataset' }));
    fireEvent.click(await screen.findByRole('switch', { name: 'Split' }, { timeout: 5000 }));
    await screen.findByLabelText('Split 1 name', {}, { timeout: 5000 }); // the preset rows, train / validation / test
    fireEvent.click(screen.getByText('Estimate'));
    expect(await screen.findByText('logs 1,111 rows, ips 90 rows', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByText('Split train')).toBeInTheDocument();
    expect(screen.getByText('logs 123 rows, ips 10 rows')).toBeInTheDocument();
  });

  it('loads a saved template from a later page into the form and starts the export with it', async () => {
    setToken('secret-token');
    const template = {
      template_id: 'tpl-1',
      name: 'nightly anomalies',
      description: 'csv, no metadata',
      config: {
        data_types: ['anomalies'],
        processes: ['cron', 'sshd'],
        batch_size: 500,
        include_metadata: false,
        validation_level: 'strict',
        output_format: 'csv',
        compression: true,
      },
    };
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      // the list is paginated: this server gives one template per page, the wanted one second
      if (url === '/api/v1/export/templates?limit=100&offset=0')
        return jsonResponse({
          items: [{ ...template, template_id: 'tpl-0', name: 'another' }],
          total: 2,
          limit: 100,
          offset: 0,
        });
      if (url === '/api/v1/export/templates?limit=100&offset=1')
        return jsonResponse({ items: [template], total: 2, limit: 100, offset: 1 });
      if (url === '/api/v1/export/' && init?.method === 'POST')
        return jsonResponse({ export_id: EXPORT_ID, status: 'pending' });
      return jsonResponse({ title: 'Not Found', status: 404 }, 404);
    });
    vi.stubGlobal('fetch', fetchMock);
    renderPage();

    const select = screen.getByLabelText('Load template');
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    fireEvent.mouseDown(select);
    const option = await waitFor(() => {
      const el = document.querySelector('.ant-select-item-option[title="nightly anomalies — csv, no metadata"]');
      if (!el) throw new Error('template option not shown');
      return el;
    });
    fireEvent.click(option);

    expect(await screen.findByText('Loaded template "nightly anomalies"')).toBeInTheDocument();
    expect(screen.getByLabelText('Processes')).toHaveValue('cron, sshd');
    startExport();

    expect(await screen.findByText(`Export page for ${EXPORT_ID}`)).toBeInTheDocument();
    // an older template's `compression: true` is gzip
    expect(JSON.parse(String(createCalls(fetchMock)[0][1]?.body))).toEqual({ ...template.config, compression: 'gzip' });
  });

  it('posts the request built from the form and opens the new export', async () => {
    setToken('secret-token');
    const fetchMock = stubApi();
    renderPage();

    await pickDataTypes('logs', 'ips');
    fireEvent.change(screen.getByLabelText('Processes'), { target: { value: ' nginx ,  sshd ' } });
    startExport();

    expect(await screen.findByText(`Export page for ${EXPORT_ID}`)).toBeInTheDocument();
    const calls = createCalls(fetchMock);
    expect(calls).toHaveLength(1);
    const init = calls[0][1] as RequestInit;
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret-token');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    const body = JSON.parse(String(init.body));
    expect(body).toEqual({
      data_types: ['logs', 'ips'],
      processes: ['nginx', 'sshd'],
      batch_size: 1000,
      include_metadata: true,
      validation_level: 'basic',
      output_format: 'json',
      compression: 'none',
    });
    expect(body).not.toHaveProperty('start_date');
    expect(body).not.toHaveProperty('end_date');
    expect(body).not.toHaveProperty('transformations');
  });

  it('shows the problem detail of a 400 and stays on the page', async () => {
    setToken('secret-token');
    const fetchMock = stubApi(() =>
      jsonResponse(
        { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Unknown data type: metrics' },
        400,
      ),
    );
    renderPage();

    await pickDataTypes('anomalies');
    startExport();

    expect(await screen.findByText('Unknown data type: metrics')).toBeInTheDocument();
    expect(screen.getByText('Unknown data type: metrics').closest('[role="alert"]')).not.toBeNull();
    expect(createCalls(fetchMock)).toHaveLength(1);
    expect(screen.queryByText(/Export page for/)).not.toBeInTheDocument();
    // The button is usable again.
    expect(screen.getByText('Start Export').closest('button')).not.toHaveClass('ant-btn-loading');
  });

  it('puts field errors of a 400 on their fields and the rest in the alert', async () => {
    setToken('secret-token');
    stubApi(() =>
      jsonResponse(
        {
          title: 'Bad Request',
          status: 400,
          detail: '2 invalid fields',
          errors: [
            { field: 'processes[0]', message: 'must not be blank' },
            { field: 'filters', message: 'null values are not allowed' },
          ],
        },
        400,
      ),
    );
    renderPage();

    await pickDataTypes('logs');
    fireEvent.change(screen.getByLabelText('Processes'), { target: { value: 'nginx' } });
    startExport();

    const fieldError = await screen.findByText('must not be blank');
    // Shown under the Processes input, not in the alert.
    expect(fieldError.closest('.ant-form-item')?.querySelector('#processes')).not.toBeNull();
    expect(screen.getByText('filters: null values are not allowed').closest('[role="alert"]')).not.toBeNull();
    expect(screen.queryByText('2 invalid fields')).not.toBeInTheDocument();
  });
});

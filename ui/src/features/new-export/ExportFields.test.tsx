import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { setToken } from '../../api/auth';
import type { Dataset } from '../../api/issue16';
import { NewExportPage } from './NewExportPage';
import { resetDatasetsCache } from './useDatasets';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** A deployment's datasets: not the demo ones, so the builder visibly reads them from the API. */
const DATASETS: Dataset[] = [
  {
    name: 'logs',
    time_column: 'timestamp',
    id_column: 'id',
    columns: [
      { name: 'level', type: 'text', filter_operators: ['eq', 'in', 'prefix'] },
      { name: 'pid', type: 'integer', filter_operators: ['eq', 'gte', 'lt', 'is_null'] },
      { name: 'source_ip', type: 'inet', filter_operators: ['eq', 'within'] },
      { name: 'shard_key', type: 'text', filter_operators: ['eq'] },
    ],
  },
];

function stubApi(
  templates: unknown[] = [],
  create: () => Response = () => jsonResponse({ export_id: 'e1', status: 'pending' }),
) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    if (url.startsWith('/api/v1/export/templates?')) return jsonResponse({ items: templates, total: templates.length });
    if (url === '/api/v1/datasets' && method === 'GET') return jsonResponse({ items: DATASETS });
    if (url === '/api/v1/keys?limit=100&offset=0')
      return jsonResponse({
        items: [
          {
            id: 'k-1',
            name: 'ops',
            fingerprint: 'AAAABBBBCCCCDDDDEEEEFFFF0000111122223333',
            key_id: '0000111122223333',
          },
        ],
        total: 1,
      });
    if (url === '/api/v1/export/' && method === 'POST') return create();
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderPage() {
  return render(
    <AntApp>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/" element={<NewExportPage />} />
          <Route path="/exports/:id" element={<div>export page</div>} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
}

/** The select labelled `label` once it is one (inputs change with the operator after the form's watch runs). */
const selectLabelled = (label: string) =>
  waitFor(() => {
    const el = screen.getByLabelText(label);
    if (!el.closest('.ant-select')) throw new Error(`${label} is not a select yet`);
    return el;
  });

/** Opens the select labelled `label` and clicks its option titled `title`. */
async function pick(label: string, title: string, search?: string) {
  const input = await screen.findByLabelText(label);
  fireEvent.mouseDown(input);
  // long lists are virtual: only the first options are in the page until a search narrows them
  if (search) fireEvent.change(input, { target: { value: search } });
  // the option in this select's own dropdown (others stay in the page once opened)
  const option = await waitFor(() => {
    const list = document.getElementById(input.getAttribute('aria-controls') ?? '');
    const el = list?.closest('.ant-select-dropdown')?.querySelector(`.ant-select-item-option[title="${title}"]`);
    if (!el) throw new Error(`option ${title} of ${label} not shown`);
    return el;
  });
  fireEvent.click(option);
  fireEvent.mouseDown(document.body);
}

inlineComputedStyleInThisFile();

describe('the export fields of issue 16', () => {
  beforeEach(() => {
    resetDatasetsCache();
    setToken('t');
  });

  it('builds per-type filters from the columns the server lists, validating values as they are typed', async () => {
    const fetchMock = stubApi();
    renderPage();
    await waitFor(() => expect(fetchMock.mock.calls.some((c) => String(c[0]) === '/api/v1/datasets')).toBe(true));
    await pick('Data Types', 'logs');

    fireEvent.click(await screen.findByRole('button', { name: /Add logs filter/ }));
    await pick('logs filter 1 column', 'shard_key (text)'); // only this deployment has it
    await pick('logs filter 1 column', 'level (text)');
    await pick('logs filter 1 operator', 'in');
    const tags = await selectLabelled('logs filter 1 value');
    fireEvent.change(tags, { target: { value: 'ERROR,WARN,' } });
    await waitFor(() => expect(screen.getByTitle('WARN')).toBeInTheDocument());

    fireEvent.click(screen.getByRole('button', { name: /Add logs filter/ }));
    await pick('logs filter 2 column', 'source_ip (inet)');
    await pick('logs filter 2 operator', 'within (CIDR)');
    fireEvent.change(await screen.findByLabelText('logs filter 2 value'), { target: { value: '10.0.0/8' } });
    expect(await screen.findByText('Enter a network in CIDR form, e.g. 10.0.0.0/8')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('logs filter 2 value'), { target: { value: '10.0.0.0/8' } });
    await waitFor(() => expect(screen.queryByText(/CIDR form/)).not.toBeInTheDocument());

    fireEvent.click(screen.getByRole('button', { name: /Add logs filter/ }));
    await pick('logs filter 3 column', 'pid (integer)');
    await pick('logs filter 3 operator', '≥');
    await waitFor(() =>
      expect(screen.getByLabelText('logs filter 3 value')).toHaveAttribute('placeholder', 'whole number'),
    );
    fireEvent.change(screen.getByLabelText('logs filter 3 value'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: /Add logs filter/ }));
    await pick('logs filter 4 column', 'pid (integer)');
    await pick('logs filter 4 operator', 'is null');
    // is_null starts as "null"; switched off it asks for non-null values
    fireEvent.click(await screen.findByRole('switch', { name: 'logs filter 4 value' }));

    await pick('Compression', 'zstd');
    fireEvent.change(await screen.findByLabelText('Compression Level'), { target: { value: '19' } });

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('export page')).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => String(c[0]) === '/api/v1/export/' && c[1]?.method === 'POST');
    const body = JSON.parse(String(post?.[1]?.body));
    expect(body.filters).toEqual({
      logs: {
        level: { in: ['ERROR', 'WARN'] },
        source_ip: { within: '10.0.0.0/8' },
        pid: { gte: 100, is_null: false },
      },
    });
    expect(body.compression).toBe('zstd');
    expect(body.compression_level).toBe(19);
  });

  it('refuses to submit an incomplete or invalid filter', async () => {
    const fetchMock = stubApi();
    renderPage();
    await pick('Data Types', 'logs');
    fireEvent.click(await screen.findByRole('button', { name: /Add logs filter/ }));
    await waitFor(() => expect(screen.getByLabelText('logs filter 1 column')).toBeInTheDocument());
    await pick('logs filter 1 column', 'pid (integer)');
    await pick('logs filter 1 operator', '=');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('Enter a whole number')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'POST')).toBe(false);
  });

  it('clears the level when the codec changes and bounds it by codec', async () => {
    stubApi();
    renderPage();
    await pick('Compression', 'gzip');
    fireEvent.change(await screen.findByLabelText('Compression Level'), { target: { value: '12' } });
    expect(await screen.findByText('A whole number from 1 to 9')).toBeInTheDocument();
    await pick('Compression', 'zstd');
    await waitFor(() => expect(screen.getByLabelText('Compression Level')).toHaveValue(''));
    await pick('Compression', 'None');
    await waitFor(() => expect(screen.queryByLabelText('Compression Level')).not.toBeInTheDocument());
  });

  it('offers formula escaping only for CSV', async () => {
    stubApi();
    renderPage();
    expect(screen.queryByLabelText('Escape spreadsheet formulas')).not.toBeInTheDocument();
    await pick('Output Format', 'CSV');
    expect(await screen.findByLabelText('Escape spreadsheet formulas')).toBeInTheDocument();
    expect(screen.getByText(/get a leading ' so that spreadsheets do not run them as formulas/)).toBeInTheDocument();
  });

  it('encrypts to the picked public keys', async () => {
    const fetchMock = stubApi();
    renderPage();
    await pick('Data Types', 'logs');
    expect(fetchMock.mock.calls.some((c) => String(c[0]).startsWith('/api/v1/keys'))).toBe(false);
    fireEvent.click(screen.getByRole('switch', { name: 'Encrypt with OpenPGP' }));
    await pick('Recipients', 'ops (…0000111122223333)');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('export page')).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => String(c[0]) === '/api/v1/export/' && c[1]?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body)).encryption).toEqual({ type: 'openpgp', recipients: ['k-1'] });
  });

  it("loads a template's filters (both forms) into the builder and shows the server's filter error on its row", async () => {
    const template = {
      template_id: 't1',
      name: 'errors',
      config: {
        data_types: ['logs'],
        compression: true,
        filters: { level: 'ERROR', logs: { pid: { gte: 10 } } },
      },
    };
    const fetchMock = stubApi([template], () =>
      jsonResponse(
        {
          title: 'Bad Request',
          status: 400,
          detail: 'Invalid request',
          errors: [{ field: 'filters.logs.pid', message: 'out of range for integer' }],
        },
        400,
      ),
    );
    renderPage();
    await waitFor(() => expect(fetchMock.mock.calls.some((c) => String(c[0]) === '/api/v1/datasets')).toBe(true));
    await pick('Load template', 'errors');
    expect(await screen.findByText('level (text)')).toBeInTheDocument();
    expect(screen.getByText('pid (integer)')).toBeInTheDocument();
    expect(screen.getByLabelText('logs filter 2 value')).toHaveValue('10');
    expect(screen.getByLabelText('Compression').closest('.ant-select')).toHaveTextContent('gzip');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('out of range for integer')).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => String(c[0]) === '/api/v1/export/' && c[1]?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toMatchObject({
      compression: 'gzip',
      filters: { logs: { level: { eq: 'ERROR' }, pid: { gte: 10 } } },
    });
  });

  it('edits the new transformation steps, refusing map values that are neither key=value lines nor JSON', async () => {
    const fetchMock = stubApi();
    renderPage();
    await pick('Data Types', 'logs');
    fireEvent.click(screen.getByText('Transformations'));
    fireEvent.click(screen.getByRole('button', { name: /Add step/ }));
    await pick('Step 1 data type', 'logs');
    await pick('Step 1 operation', 'map values');
    await pick('Step 1 field', 'level');
    fireEvent.change(await screen.findByLabelText('Step 1 values'), { target: { value: 'ERROR' } });
    expect(await screen.findByText('Line 1: write key=value')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Step 1 values'), { target: { value: 'ERROR=e\nWARN=w' } });
    await waitFor(() => expect(screen.queryByText('Line 1: write key=value')).not.toBeInTheDocument());

    fireEvent.click(screen.getByRole('button', { name: /Add step/ }));
    await pick('Step 2 data type', 'logs');
    await pick('Step 2 operation', 'cast', 'cast');
    await pick('Step 2 field', 'pid');
    await pick('Step 2 cast to', 'float');
    // another op keeps the column and drops the arguments that meant something else
    await pick('Step 2 operation', 'case', 'case');
    await pick('Step 2 case', 'upper');

    fireEvent.click(screen.getByRole('button', { name: /Add step/ }));
    await pick('Step 3 data type', 'logs');
    await pick('Step 3 operation', 'regex replace', 'regex');
    await pick('Step 3 field', 'shard_key');
    fireEvent.change(await screen.findByLabelText('Step 3 pattern'), { target: { value: '(\\d+)' } });
    fireEvent.change(screen.getByLabelText('Step 3 replacement'), { target: { value: '#$1' } });

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('export page')).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => String(c[0]) === '/api/v1/export/' && c[1]?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body)).transformations).toEqual({
      logs: [
        { op: 'map', field: 'level', values: { ERROR: 'e', WARN: 'w' } },
        { op: 'case', field: 'pid', to: 'upper' },
        { op: 'regex_replace', field: 'shard_key', pattern: '(\\d+)', replacement: '#$1' },
      ],
    });
  });
});

describe('the export fields of issue 17', () => {
  beforeEach(() => {
    resetDatasetsCache();
    setToken('t');
  });

  const posted = (fetchMock: ReturnType<typeof stubApi>) => {
    const post = fetchMock.mock.calls.find((c) => String(c[0]) === '/api/v1/export/' && c[1]?.method === 'POST');
    return post ? JSON.parse(String(post[1]?.body)) : undefined;
  };
  const codecShown = () => screen.getByLabelText('Compression').closest('.ant-select');

  it('offers Parquet with snappy pages by default, and drops snappy again for a text format', async () => {
    stubApi();
    renderPage();
    await pick('Output Format', 'Parquet');
    await waitFor(() => expect(codecShown()).toHaveTextContent('snappy'));
    expect(screen.getByText('Parquet compresses each page inside the file (.parquet).')).toBeInTheDocument();
    await pick('Compression', 'None (uncompressed pages)');
    await pick('Compression', 'snappy');
    await pick('Output Format', 'JSON Lines');
    await waitFor(() => expect(codecShown()).toHaveTextContent('None'));
  });

  it('checks the Dataset fields as they are typed and sends them with a Parquet export', async () => {
    const fetchMock = stubApi();
    renderPage();
    await waitFor(() => expect(fetchMock.mock.calls.some((c) => String(c[0]) === '/api/v1/datasets')).toBe(true));
    await pick('Data Types', 'logs');
    await pick('Output Format', 'Parquet');
    const header = screen.getByRole('button', { name: 'Dataset' });
    expect(header).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(header);

    fireEvent.change(screen.getByLabelText('Max File Size'), { target: { value: '256 megabytes' } });
    expect(await screen.findByText(/^Write a size such as 256MB/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Max File Size'), { target: { value: '500' } });
    expect(await screen.findByText('At least 1000 bytes (1KB)')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Max File Size'), { target: { value: '256MB' } });
    expect(await screen.findByText(/= 256,000,000 bytes$/)).toBeInTheDocument();
    await pick('Partition By', 'Day (date=…)');

    fireEvent.click(screen.getByRole('switch', { name: 'Split' }));
    expect(await screen.findByLabelText('Split 1 name')).toHaveValue('train');
    expect(screen.getByTestId('split-total')).toHaveTextContent('Total: 1');
    fireEvent.change(screen.getByLabelText('Split 1 ratio'), { target: { value: '0.7' } });
    expect(await screen.findByText('Ratios must sum to 1, not 0.9')).toBeInTheDocument();
    expect(screen.getByTestId('split-total')).toHaveTextContent('Total: 0.9');
    fireEvent.change(screen.getByLabelText('Split 2 name'), { target: { value: 'parts' } });
    expect(await screen.findByText("parts is reserved for the export's own folders")).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(posted(fetchMock)).toBeUndefined();

    fireEvent.change(screen.getByLabelText('Split 2 name'), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Split 1 ratio'), { target: { value: '0.8' } });
    await waitFor(() => expect(screen.queryByText(/^Ratios must sum to 1/)).not.toBeInTheDocument());
    await pick('Split Key', 'shard_key (text)');
    fireEvent.change(screen.getByLabelText('Split Seed'), { target: { value: 'v1' } });
    await pick('Sample', 'Fraction of rows');
    fireEvent.change(await screen.findByLabelText('Sample Fraction'), { target: { value: '0.5' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('export page', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(posted(fetchMock)).toMatchObject({
      data_types: ['logs'],
      output_format: 'parquet',
      compression: 'snappy',
      max_file_size: '256MB',
      partition_by: 'day',
      sample: { fraction: 0.5 },
      split: { ratios: { train: 0.8, dev: 0.1, test: 0.1 }, key: 'shard_key', seed: 'v1' },
    });
  });

  it("opens the Dataset section with a template's dataset fields filled in", async () => {
    const template = {
      template_id: 't2',
      name: 'training set',
      config: {
        data_types: ['logs'],
        output_format: 'parquet',
        compression: 'zstd',
        compression_level: 5,
        max_file_size: '1GiB',
        partition_by: 'month',
        sample: { rows: 1000, seed: 'a' },
        split: { ratios: { train: 0.9, test: 0.1 }, key: 'shard_key' },
      },
    };
    const fetchMock = stubApi([template]);
    renderPage();
    await waitFor(() => expect(fetchMock.mock.calls.some((c) => String(c[0]) === '/api/v1/datasets')).toBe(true));
    await pick('Load template', 'training set');
    // (more than waitFor's default second when the whole suite runs in parallel)
    await waitFor(
      () => expect(screen.getByRole('button', { name: 'Dataset' })).toHaveAttribute('aria-expanded', 'true'),
      { timeout: 5000 },
    );
    expect(codecShown()).toHaveTextContent('zstd');
    expect(screen.getByLabelText('Compression Level')).toHaveValue('5');
    expect(screen.getByLabelText('Max File Size')).toHaveValue('1GiB');
    expect(screen.getByLabelText('Partition By').closest('.ant-select')).toHaveTextContent('Month');
    expect(screen.getByLabelText('Sample Rows')).toHaveValue('1000');
    expect(screen.getByLabelText('Sample Seed')).toHaveValue('a');
    expect(screen.getByLabelText('Split 1 name')).toHaveValue('train');
    expect((screen.getByLabelText('Split 2 ratio') as HTMLInputElement).value).toBe('0.10'); // the step's precision
    expect(screen.queryByLabelText('Split 3 name')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Split Key').closest('.ant-select')).toHaveTextContent('shard_key');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start Export' }));
    });
    expect(await screen.findByText('export page', {}, { timeout: 15000 })).toBeInTheDocument();
    const { batch_size: _b, include_metadata: _i, validation_level: _v, ...sent } = posted(fetchMock);
    expect(sent).toEqual(template.config);
  });
});

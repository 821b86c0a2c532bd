import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { setToken } from '../../api/auth';
import type { Schedule } from '../../api/schedules';
import { ScheduleForm } from './ScheduleForm';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const FIRE_TIMES = [
  '2026-11-30T01:00:00Z',
  '2026-12-01T01:00:00Z',
  '2026-12-02T01:00:00Z',
  '2026-12-03T01:00:00Z',
  '2026-12-04T01:00:00Z',
];

/** The schedule routes the form calls: next fire times (refusing "bad cron") and POST. */
function stubApi() {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    if (url.pathname === '/api/v1/schedules/next-fire-times') {
      if (url.searchParams.get('cron') === 'bad cron')
        return jsonResponse(
          {
            title: 'Bad Request',
            status: 400,
            errors: [{ field: 'cron', message: 'a cron expression has 5 fields, found 2' }],
          },
          400,
        );
      return jsonResponse({ fire_times: FIRE_TIMES });
    }
    if (url.pathname === '/api/v1/schedules' && method === 'POST') {
      const body = JSON.parse(String(init?.body));
      return jsonResponse({ ...body, schedule_id: 'new-id', created_at: '', updated_at: '' }, 201);
    }
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const calls = (fetchMock: ReturnType<typeof stubApi>, path: string) =>
  fetchMock.mock.calls.filter((c) => new URL(String(c[0]), 'http://localhost').pathname === path);

function renderForm(onSaved = vi.fn()) {
  render(
    <AntApp>
      <ScheduleForm schedule={null} onSaved={onSaved} onCancel={() => {}} />
    </AntApp>,
  );
  return onSaved;
}

async function pick(label: string, title: string) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  const option = await waitFor(() => {
    const el = document.querySelector(`.ant-select-item-option[title="${title}"]`);
    if (!el) throw new Error(`option ${title} not shown`);
    return el;
  });
  fireEvent.click(option);
  fireEvent.mouseDown(document.body);
}

inlineComputedStyleInThisFile();

describe('ScheduleForm', () => {
  it('shows the window in window mode only, and the start date in incremental mode only', async () => {
    setToken('t');
    stubApi();
    renderForm();
    expect(screen.getByLabelText('Window')).toHaveValue('P1D');
    expect(screen.queryByLabelText('Start Date')).not.toBeInTheDocument();

    await pick('Mode', 'incremental');

    await waitFor(() => expect(screen.queryByLabelText('Window')).not.toBeInTheDocument());
    expect(screen.getByLabelText('Start Date')).toBeInTheDocument();
  });

  it('shows the next five fire times of the cron, asking once the typing stops', async () => {
    setToken('t');
    const fetchMock = stubApi();
    renderForm();
    const cron = screen.getByLabelText('Cron');
    fireEvent.change(cron, { target: { value: '0' } });
    fireEvent.change(cron, { target: { value: '0 2 * * *' } });

    const list = await screen.findByTestId('next-fire-times');
    await waitFor(() => expect(list.querySelectorAll('li')).toHaveLength(5));
    expect(list.querySelector('li')).toHaveTextContent(/^Mon 2026-11-30 01:00 GMT(\+0)?$/);
    const asked = calls(fetchMock, '/api/v1/schedules/next-fire-times');
    expect(asked).toHaveLength(1);
    const query = new URL(String(asked[0][0]), 'http://localhost').searchParams;
    expect(Object.fromEntries(query)).toEqual({ cron: '0 2 * * *', timezone: 'UTC', count: '5' });
  });

  it("shows the API's message about a bad cron under the field", async () => {
    setToken('t');
    stubApi();
    renderForm();
    fireEvent.change(screen.getByLabelText('Cron'), { target: { value: 'bad cron' } });

    // debounced, then fetched: more than findByText's default second when the whole suite runs
    const message = await screen.findByText('a cron expression has 5 fields, found 2', {}, { timeout: 5000 });
    expect(message.closest('.ant-form-item')?.querySelector('#cron')).not.toBeNull();
  });

  it('creates the schedule from the form and hands it back', async () => {
    setToken('t');
    const fetchMock = stubApi();
    const onSaved = renderForm();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'nightly' } });
    fireEvent.change(screen.getByLabelText('Cron'), { target: { value: '@daily' } });
    fireEvent.change(screen.getByLabelText('Lag'), { target: { value: 'PT15M' } });
    await pick('Data Types', 'ips');

    fireEvent.click(screen.getByText('Create schedule'));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const posted = calls(fetchMock, '/api/v1/schedules').find((c) => c[1]?.method === 'POST');
    expect(JSON.parse(String(posted?.[1]?.body))).toEqual({
      name: 'nightly',
      cron: '@daily',
      timezone: 'UTC',
      mode: 'window',
      window: 'P1D',
      lag: 'PT15M',
      misfire: 'run_once',
      enabled: true,
      export: {
        data_types: ['ips'],
        batch_size: 1000,
        include_metadata: true,
        validation_level: 'basic',
        output_format: 'json',
        compression: 'none',
      },
    });
    expect((onSaved.mock.calls[0][0] as Schedule).schedule_id).toBe('new-id');
  });

  it('does not send a window that is not an ISO-8601 duration', async () => {
    setToken('t');
    const fetchMock = stubApi();
    renderForm();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'n' } });
    fireEvent.change(screen.getByLabelText('Cron'), { target: { value: '@daily' } });
    fireEvent.change(screen.getByLabelText('Window'), { target: { value: '1 day' } });
    await pick('Data Types', 'ips');

    fireEvent.click(screen.getByText('Create schedule'));

    await screen.findByText('An ISO-8601 duration, e.g. P1D, PT1H or PT15M');
    expect(calls(fetchMock, '/api/v1/schedules')).toHaveLength(0);
  });
});

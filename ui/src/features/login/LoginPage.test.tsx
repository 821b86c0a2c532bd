import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes, type InitialEntry } from 'react-router-dom';
import { getToken } from '../../api/auth';
import { LoginPage } from './LoginPage';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** GET /api/v1/export/?limit=1&offset=0 answers with `answer(token)`. */
function stubApi(answer: (token: string | undefined) => Response) {
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
    return answer(auth?.replace(/^Bearer /, ''));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const emptyList = () => jsonResponse({ items: [], total: 0, limit: 1, offset: 0 });

function renderLogin(entry: InitialEntry = '/login') {
  return render(
    <AntApp>
      <MemoryRouter initialEntries={[entry]}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<div>New export page</div>} />
          <Route path="/history" element={<div>History page</div>} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
}

const tokenInput = () => screen.getByLabelText('API token');
const logIn = () => fireEvent.click(screen.getByText('Log in'));

inlineComputedStyleInThisFile();

describe('LoginPage', () => {
  it('asks for a token when the field is empty or blank', async () => {
    const fetchMock = stubApi(emptyList);
    renderLogin();

    logIn();
    expect(await screen.findByText('Please enter your API token')).toBeInTheDocument();

    fireEvent.change(tokenInput(), { target: { value: 'abc' } });
    await waitFor(() => expect(screen.queryByText('Please enter your API token')).not.toBeInTheDocument());

    // Only spaces count as empty.
    fireEvent.change(tokenInput(), { target: { value: '   ' } });
    logIn();
    expect(await screen.findByText('Please enter your API token')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(getToken()).toBeNull();
  });

  it('stays on the page with an error when the server rejects the token', async () => {
    const fetchMock = stubApi(() => jsonResponse({ title: 'Unauthorized', status: 401, detail: 'Invalid token' }, 401));
    renderLogin();

    fireEvent.change(tokenInput(), { target: { value: 'wrong-token' } });
    logIn();

    const alert = await screen.findByText('This token was not accepted.');
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(getToken()).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Data Export Service' })).toBeInTheDocument();
    expect(screen.queryByText('New export page')).not.toBeInTheDocument();
    // The field keeps what was typed so it can be corrected.
    expect(tokenInput()).toHaveValue('wrong-token');
  });

  it('shows other server errors as they are', async () => {
    stubApi(() => jsonResponse({ title: 'Service Unavailable', status: 503, detail: 'Database is down' }, 503));
    renderLogin();

    fireEvent.change(tokenInput(), { target: { value: 'some-token' } });
    logIn();

    expect(await screen.findByText('Database is down')).toBeInTheDocument();
    expect(getToken()).toBeNull();
  });

  it('stores an accepted token (trimmed) and opens the start page', async () => {
    const fetchMock = stubApi((token) =>
      token === 'good-token' ? emptyList() : jsonResponse({ title: 'Unauthorized', status: 401 }, 401),
    );
    renderLogin();

    fireEvent.change(tokenInput(), { target: { value: '  good-token  ' } });
    logIn();

    expect(await screen.findByText('New export page')).toBeInTheDocument();
    expect(getToken()).toBe('good-token');
    expect(String(fetchMock.mock.calls[0][0])).toBe('/api/v1/export/?limit=1&offset=0');
    const headers = fetchMock.mock.calls[0][1]?.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer good-token');
  });

  it('goes back to the page that asked for the login', async () => {
    stubApi(emptyList);
    renderLogin({ pathname: '/login', state: { from: '/history' } });

    fireEvent.change(tokenInput(), { target: { value: 'good-token' } });
    logIn();

    expect(await screen.findByText('History page')).toBeInTheDocument();
    expect(getToken()).toBe('good-token');
  });
});

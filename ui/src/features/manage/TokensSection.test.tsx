import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { setToken } from '../../api/auth';
import { NEEDS_ADMIN, TokensSection } from './TokensSection';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const TOKENS = [
  {
    id: 't1',
    name: 'ci-pipeline',
    role: 'user',
    created_at: '2025-01-02T03:04:05Z',
    created_by: 'root',
    expires_at: null,
    revoked_at: null,
  },
  {
    id: 't2',
    name: 'old-admin',
    role: 'admin',
    created_at: '2025-01-01T00:00:00Z',
    created_by: 'root',
    expires_at: null,
    revoked_at: '2025-01-05T00:00:00Z',
  },
];

function renderSection() {
  return render(
    <AntApp>
      <TokensSection />
    </AntApp>,
  );
}

// Role queries on antd's DOM are slow with jsdom's full getComputedStyle (they ran into findBy's timeout).
inlineComputedStyleInThisFile();

describe('TokensSection', () => {
  it('lists tokens and shows a new token once with a copy button', async () => {
    setToken('admin-secret');
    const list = [...TOKENS];
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url === '/api/v1/admin/tokens' && (init?.method ?? 'GET') === 'GET')
        return jsonResponse({ items: list, total: list.length });
      if (url === '/api/v1/admin/tokens' && init?.method === 'POST') {
        const body = JSON.parse(String(init.body));
        const created = {
          id: 't3',
          name: body.name,
          role: body.role,
          created_at: '2025-01-06T00:00:00Z',
          created_by: 'me',
          expires_at: null,
          revoked_at: null,
        };
        list.push(created);
        return jsonResponse({ ...created, token: 'exp_supersecret' }, 201);
      }
      return jsonResponse({ title: 'Not found', status: 404 }, 404);
    });
    vi.stubGlobal('fetch', fetchMock);

    renderSection();
    expect(await screen.findByText('ci-pipeline')).toBeInTheDocument();
    expect(screen.getByText('old-admin')).toBeInTheDocument();
    expect((fetchMock.mock.calls[0][1]?.headers as Record<string, string>).Authorization).toBe('Bearer admin-secret');
    // Only the active token can be revoked.
    expect(screen.getByRole('button', { name: 'Revoke ci-pipeline' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke old-admin' })).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'nightly' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByText('exp_supersecret')).toBeInTheDocument();
    expect(screen.getByText('Copy it now: it will not be shown again.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
    expect(await screen.findByText('nightly')).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => c[1]?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ name: 'nightly', role: 'user' });
  });

  it('revokes a token after confirmation', async () => {
    setToken('admin-secret');
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return jsonResponse({ items: TOKENS, total: 2 });
    });
    vi.stubGlobal('fetch', fetchMock);
    renderSection();
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke ci-pipeline' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke' }));
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some((c) => c[1]?.method === 'DELETE' && String(c[0]) === '/api/v1/admin/tokens/t1'),
      ).toBe(true),
    );
  });

  it('says an admin token is needed on 403', async () => {
    setToken('user-token');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ title: 'Forbidden', status: 403, detail: 'Admin only' }, 403)),
    );
    renderSection();
    expect(await screen.findByText(NEEDS_ADMIN)).toBeInTheDocument();
  });
});

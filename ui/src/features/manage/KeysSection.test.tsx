import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { setToken } from '../../api/auth';
import { groupFingerprint, KeysSection } from './KeysSection';
import { inlineComputedStyleInThisFile } from '../../test/inlineComputedStyle';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

const ARMOR = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF...\n-----END PGP PUBLIC KEY BLOCK-----\n';

const KEY = {
  id: 'k-1',
  name: 'data team',
  fingerprint: '3aa5c34371287b4bbf1d0f0b9f0b0aab1f2bd3c4',
  key_id: '9F0B0AAB1F2BD3C4',
  user_ids: ['Data Team <data@example.com>'],
  algorithm: 'RSA 3072',
  created_at: '2026-11-01T00:00:00Z',
  expires_at: null,
};

/** A keys route with `list` as the caller's keys; `create` answers POST. */
function stubKeys(list: unknown[], create: (body: { public_key: string; name?: string }) => Response) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    if (url.startsWith('/api/v1/keys?') && method === 'GET') return jsonResponse({ items: list, total: list.length });
    if (url === '/api/v1/keys' && method === 'POST') return create(JSON.parse(String(init?.body)));
    if (url.startsWith('/api/v1/keys/') && method === 'DELETE') {
      list.splice(
        list.findIndex((k) => (k as { id: string }).id === decodeURIComponent(url.slice('/api/v1/keys/'.length))),
        1,
      );
      return new Response(null, { status: 204 });
    }
    return jsonResponse({ title: 'Not Found', status: 404 }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderSection() {
  return render(
    <AntApp>
      <KeysSection />
    </AntApp>,
  );
}

inlineComputedStyleInThisFile();

describe('KeysSection', () => {
  it('groups fingerprints by four', () => {
    expect(groupFingerprint('3aa5c343 7128')).toBe('3AA5 C343 7128');
  });

  it('adds a pasted key and lists it with its fingerprint', async () => {
    setToken('t');
    const list: unknown[] = [];
    const fetchMock = stubKeys(list, (body) => {
      list.push({ ...KEY, name: body.name });
      return jsonResponse(KEY, 201);
    });
    renderSection();
    expect(await screen.findByText('No public keys yet')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Key name'), { target: { value: ' data team ' } });
    fireEvent.change(screen.getByLabelText('Public key'), { target: { value: ARMOR } });
    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));

    expect(await screen.findByText('3AA5 C343 7128 7B4B BF1D 0F0B 9F0B 0AAB 1F2B D3C4')).toBeInTheDocument();
    expect(screen.getByText('Data Team <data@example.com>')).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => c[1]?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ public_key: ARMOR.trim(), name: 'data team' });
  });

  it('reads an uploaded key file into the key field', async () => {
    setToken('t');
    stubKeys([], () => jsonResponse(KEY, 201));
    const { container } = renderSection();
    await screen.findByText('No public keys yet');
    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(input, new File([ARMOR], 'team.asc', { type: 'application/pgp-keys' }));
    await waitFor(() => expect(screen.getByLabelText('Public key')).toHaveValue(ARMOR));
  });

  it('refuses a private key or text that is no armor before sending it', async () => {
    setToken('t');
    const fetchMock = stubKeys([], () => jsonResponse(KEY, 201));
    renderSection();
    await screen.findByText('No public keys yet');
    fireEvent.change(screen.getByLabelText('Public key'), {
      target: { value: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n...' },
    });
    expect(await screen.findByText(/This is a private key/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Public key'), { target: { value: 'ssh-ed25519 AAAA' } });
    expect(await screen.findByText(/An ASCII-armored public key starts with/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'POST')).toBe(false);
  });

  it("shows the server's problem document on the key field, and a duplicate as such", async () => {
    setToken('t');
    let answer = jsonResponse(
      {
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid request',
        errors: [{ field: 'public_key', message: 'the key expired on 2020-01-01' }],
      },
      400,
    );
    stubKeys([], () => answer);
    renderSection();
    await screen.findByText('No public keys yet');
    fireEvent.change(screen.getByLabelText('Public key'), { target: { value: ARMOR } });
    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));
    expect(await screen.findByText('the key expired on 2020-01-01')).toBeInTheDocument();

    answer = jsonResponse({ title: 'Conflict', status: 409, detail: 'You already added this key' }, 409);
    fireEvent.change(screen.getByLabelText('Public key'), { target: { value: ARMOR + ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));
    expect(await screen.findByText('You already added this key')).toBeInTheDocument();
  });

  it('deletes a key after confirmation', async () => {
    setToken('t');
    const list: unknown[] = [{ ...KEY }];
    const fetchMock = stubKeys(list, () => jsonResponse(KEY, 201));
    renderSection();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete key data team' }));
    expect(await screen.findByText('Delete key "data team"?')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete key' }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'DELETE' && String(c[0]) === '/api/v1/keys/k-1')).toBe(
        true,
      ),
    );
    expect(await screen.findByText('No public keys yet')).toBeInTheDocument();
  });

  it('shows why the list could not be read', async () => {
    setToken('t');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ title: 'Service Unavailable', status: 503, detail: 'database down' }, 503)),
    );
    renderSection();
    expect(await screen.findByText('database down')).toBeInTheDocument();
  });
});

import { getToken, handleUnauthorized } from './auth';
import type {
  CleanupResponse,
  DeleteResponse,
  DownloadListing,
  EstimateResponse,
  ExportList,
  ExportProgressResponse,
  ExportRequest,
  ExportStatusResponse,
  Problem,
  StatsResponse,
} from './types';

export const API_BASE = '/api/v1/export';

export class ApiError extends Error {
  readonly status: number;
  readonly problem?: Problem;

  constructor(status: number, message: string, problem?: Problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** A message fit to show the user for any error thrown by the client. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    return err.problem?.detail || err.problem?.title || err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Use this token instead of the stored one (login validation). */
  token?: string;
  /** Don't treat 401 as "session over" (login validation). */
  skipUnauthorizedHandler?: boolean;
  signal?: AbortSignal;
}

async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = opts.token ?? getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

  const res = await fetch(`${API_BASE}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: opts.signal,
  });

  if (res.status === 401 && !opts.skipUnauthorizedHandler) {
    handleUnauthorized();
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const problem = (data && typeof data === 'object' ? (data as Problem) : undefined) ?? undefined;
    const message = problem?.detail || problem?.title || `Request failed with status ${res.status}`;
    throw new ApiError(res.status, message, problem);
  }
  return data as T;
}

export const api = {
  list: (limit: number, offset: number, token?: string) =>
    request<ExportList>(`/?limit=${limit}&offset=${offset}`, {
      token,
      skipUnauthorizedHandler: token !== undefined,
    }),
  create: (body: ExportRequest) => request<ExportStatusResponse>('/', { method: 'POST', body }),
  estimate: (body: ExportRequest) => request<EstimateResponse>('/estimate', { method: 'POST', body }),
  status: (id: string, signal?: AbortSignal) =>
    request<ExportStatusResponse>(`/${encodeURIComponent(id)}/status`, { signal }),
  progress: (id: string, signal?: AbortSignal) =>
    request<ExportProgressResponse>(`/${encodeURIComponent(id)}/progress`, { signal }),
  download: (id: string) => request<DownloadListing>(`/download/${encodeURIComponent(id)}`),
  cancel: (id: string) => request<ExportStatusResponse>(`/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  retry: (id: string) => request<ExportStatusResponse>(`/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
  remove: (id: string) => request<DeleteResponse>(`/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  stats: () => request<StatsResponse>('/stats'),
  cleanup: () => request<CleanupResponse>('/cleanup', { method: 'POST' }),
};

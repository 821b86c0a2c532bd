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
  AuditList,
  CreatedToken,
  ExportTemplate,
  TemplateBody,
  TemplateList,
  TokenList,
  TokenRole,
} from './types';

export const API_BASE = '/api/v1/export';
export const ADMIN_BASE = '/api/v1/admin';

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
  /** Base path; defaults to the export API. */
  base?: string;
}

/** The Authorization header for the stored token (for streaming requests made outside `request`). */
export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = opts.token ?? getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

  const res = await fetch(`${opts.base ?? API_BASE}${path}`, {
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

/** Templates per request when listing them all. */
export const TEMPLATE_PAGE = 100;

/**
 * Every template the caller sees, page after page (the list is paginated; an admin sees every
 * owner's). Stops at 50 pages, far beyond the per-owner limit.
 */
async function allTemplates(): Promise<ExportTemplate[]> {
  const items: ExportTemplate[] = [];
  for (let page = 0; page < 50; page++) {
    const list = await request<TemplateList>(`/templates?limit=${TEMPLATE_PAGE}&offset=${items.length}`);
    const got = list.items ?? [];
    items.push(...got);
    if (got.length === 0 || items.length >= list.total) break;
  }
  return items;
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
  templates: (limit = TEMPLATE_PAGE, offset = 0) => request<TemplateList>(`/templates?limit=${limit}&offset=${offset}`),
  allTemplates,
  createTemplate: (body: TemplateBody) => request<ExportTemplate>('/templates', { method: 'POST', body }),
  updateTemplate: (id: string, body: TemplateBody) =>
    request<ExportTemplate>(`/templates/${encodeURIComponent(id)}`, { method: 'PUT', body }),
  deleteTemplate: (id: string) => request<unknown>(`/templates/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  runTemplate: (id: string, body: { start_date?: string; end_date?: string } = {}) =>
    request<ExportStatusResponse>(`/templates/${encodeURIComponent(id)}/run`, { method: 'POST', body }),
};

export const adminApi = {
  tokens: () => request<TokenList>('/tokens', { base: ADMIN_BASE }),
  createToken: (body: { name: string; role: TokenRole; expires_at?: string }) =>
    request<CreatedToken>('/tokens', { base: ADMIN_BASE, method: 'POST', body }),
  revokeToken: (id: string) =>
    request<unknown>(`/tokens/${encodeURIComponent(id)}`, { base: ADMIN_BASE, method: 'DELETE' }),
  audit: (q: { limit: number; offset: number; actor?: string; action?: string }) => {
    const params = new URLSearchParams({ limit: String(q.limit), offset: String(q.offset) });
    if (q.actor) params.set('actor', q.actor);
    if (q.action) params.set('action', q.action);
    return request<AuditList>(`/audit?${params.toString()}`, { base: ADMIN_BASE });
  },
};

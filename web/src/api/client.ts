import { ApiError, type FieldErrors } from './errors';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RequestOptions {
  signal?: AbortSignal;
}

// The CSRF token lives in memory only: it is re-read from /api/csrf after a reload, never stored.
let csrfToken: string | null = null;

export function rememberCsrf(data: unknown): void {
  if (data && typeof data === 'object' && 'csrfToken' in data && typeof data.csrfToken === 'string') {
    csrfToken = data.csrfToken;
  }
}

/** Sessions rotate on login/logout, so the old token is useless afterwards. */
export function forgetCsrf(): void {
  csrfToken = null;
}

async function ensureCsrf(): Promise<string> {
  if (!csrfToken) rememberCsrf(await send('GET', '/api/csrf'));
  return csrfToken ?? '';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Server details read "must be at least 8 characters"; beside a field they read better as sentences. */
function readDetails(raw: unknown): FieldErrors {
  if (!raw || typeof raw !== 'object') return {};
  const details: FieldErrors = {};
  for (const [field, message] of Object.entries(raw)) {
    const text = String(message);
    details[field] = text.charAt(0).toUpperCase() + text.slice(1);
  }
  return details;
}

function toApiError(response: Response, payload: unknown): ApiError {
  const retryAfter = Number(response.headers.get('Retry-After')) || null;
  if (payload && typeof payload === 'object' && 'error' in payload) {
    const body = payload as Record<string, unknown>;
    return new ApiError({
      error: typeof body.error === 'string' ? body.error : 'The request failed.',
      code: typeof body.code === 'string' ? body.code : 'UNKNOWN',
      status: typeof body.status === 'number' ? body.status : response.status,
      details: readDetails(body.details),
      body,
      retryAfter,
    });
  }
  return new ApiError({
    error: `The server answered ${response.status} without an explanation. Please try again.`,
    code: response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE',
    status: response.status,
    retryAfter,
  });
}

async function send(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
  retried = false,
) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    // Signed-out visitors get a null token (no session to protect yet), so the header is simply left out.
    const token = await ensureCsrf();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      error: 'Could not reach the server. Check your connection and try again.',
      code: 'NETWORK',
      status: 0,
    });
  }

  const payload = await readJson(response);
  if (response.ok && (payload === null || (payload as { success?: unknown }).success === true)) {
    const data = payload === null ? {} : (payload as { data?: unknown }).data;
    rememberCsrf(data);
    return data ?? {};
  }
  const error = toApiError(response, payload);
  // A token can go stale when the session rotates in another tab; fetch a fresh one and try once more.
  if (error.code === 'CSRF_FAILED' && !retried) {
    forgetCsrf();
    return send(method, path, body, options, true);
  }
  throw error;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => send('GET', path, undefined, options) as Promise<T>,
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    send('POST', path, body, options) as Promise<T>,
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    send('PUT', path, body, options) as Promise<T>,
};

/** Builds `path?a=1&b=2`, leaving out empty values so the server's defaults apply. */
export function withQuery(
  path: string,
  params: Record<string, string | number | boolean | null | undefined>,
) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

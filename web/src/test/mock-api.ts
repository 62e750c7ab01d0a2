import { vi } from 'vitest';

type Body = Record<string, unknown>;
export type Reply = { status?: number; body: Body; headers?: Record<string, string> };
type Handler = Reply | ((request: { url: URL; method: string; body: unknown }) => Reply);

export const ok = (data: unknown, status = 200): Reply => ({ status, body: { success: true, data } });

export const fail = (status: number, code: string, error: string, extra: Body = {}): Reply => ({
  status,
  body: { success: false, error, code, status, ...extra },
});

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Replaces globalThis.fetch with canned API.md envelopes keyed by "METHOD /path" (query string
 * ignored unless the key contains "?"). Unknown routes answer 404 so a missing stub is obvious.
 */
export function mockApi(routes: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({
      method,
      path: url.pathname + url.search,
      body,
      headers: (init.headers ?? {}) as Record<string, string>,
    });
    const handler = routes[`${method} ${url.pathname}${url.search}`] ?? routes[`${method} ${url.pathname}`];
    const reply: Reply = !handler
      ? fail(404, 'NOT_FOUND', `No stub for ${method} ${url.pathname}`)
      : typeof handler === 'function'
        ? handler({ url, method, body })
        : handler;
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

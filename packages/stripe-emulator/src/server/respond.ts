import type { ServerResponse } from 'node:http';
import type { ApiError } from './errors.ts';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
    ...headers,
  });
  response.end(body);
}

export function sendError(
  response: ServerResponse,
  error: ApiError,
  headers: Record<string, string> = {},
): void {
  sendJson(response, error.status, JSON.stringify({ error: error.body }, null, 2), {
    ...headers,
    ...error.headers,
  });
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  response.end(html);
}

export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, 'content-length': 0 });
  response.end();
}

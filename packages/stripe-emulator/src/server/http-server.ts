import http from 'node:http';
import type { Emulator } from '../emulator.ts';
import { handlePage } from '../pages/page-router.ts';
import { handleAdmin } from './admin.ts';
import { handleApi, type ApiContext } from './api-handler.ts';
import { ApiError } from './errors.ts';
import { sendError } from './respond.ts';

/** One node:http server for the API (`/v1`), the hosted pages and the admin routes. */
export function createServer(context: ApiContext): http.Server {
  const emulator: Emulator = context.emulator;
  const server = http.createServer((request, response) => {
    const raw = request.url ?? '/';
    const mark = raw.indexOf('?');
    const path = mark < 0 ? raw : raw.slice(0, mark);
    const query = mark < 0 ? '' : raw.slice(mark + 1);
    const done = (promise: Promise<void>) =>
      promise.catch((error: unknown) => {
        console.error('stripe-emulator: request failed', error);
        if (!response.headersSent)
          sendError(response, new ApiError(500, { type: 'api_error', message: 'Internal emulator error.' }));
        else response.destroy();
      });
    if (path.startsWith('/v1/')) done(handleApi(context, request, response, path, query));
    else if (path.startsWith('/_emulator/'))
      done(handleAdmin(emulator, context.idempotency, request, response, path, new URLSearchParams(query)));
    else done(handlePage(emulator, request, response, path, new URLSearchParams(query)));
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

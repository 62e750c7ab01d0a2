import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../emulator.ts';
import { API_VERSION } from '../emulator.ts';
import { randomToken } from '../store/ids.ts';
import { checkApiKey } from './auth.ts';
import { BodyTooLarge, readBody } from './body.ts';
import { ApiError } from './errors.ts';
import { applyExpand, type ExpandSource } from './expand.ts';
import { parseForm } from './form.ts';
import type { IdempotencyCache } from './idempotency.ts';
import { sendError, sendJson } from './respond.ts';
import type { Router } from './router.ts';

export interface ApiContext {
  emulator: Emulator;
  router: Router;
  idempotency: IdempotencyCache;
  expandSource: ExpandSource;
}

function chaosFailure(context: ApiContext): ApiError | undefined {
  const { chaos } = context.emulator;
  if (!chaos.chance(chaos.settings.apiErrorRate)) return undefined;
  if (chaos.random() < 0.5) {
    return new ApiError(
      429,
      { type: 'rate_limit_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' },
      { 'stripe-should-retry': 'true' },
    );
  }
  return new ApiError(
    500,
    { type: 'api_error', message: 'An unexpected error occurred (emulator chaos).' },
    { 'stripe-should-retry': 'true' },
  );
}

function expandPaths(params: Record<string, unknown>): string[] {
  const expand = params.expand;
  if (Array.isArray(expand)) return expand.filter((entry): entry is string => typeof entry === 'string');
  if (expand && typeof expand === 'object')
    return Object.values(expand).filter((entry): entry is string => typeof entry === 'string');
  return [];
}

/** One Stripe API call: auth, chaos, form decoding, idempotency, the handler, expand, JSON. */
export async function handleApi(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: string,
): Promise<void> {
  const requestId = `req_${randomToken(14)}`;
  const headers = { 'request-id': requestId, 'stripe-version': API_VERSION };
  const method = request.method ?? 'GET';
  try {
    checkApiKey(request.headers.authorization);
    const body = method === 'POST' ? await readBody(request) : '';
    const rawKey = request.headers['idempotency-key'];
    const key = method === 'POST' && typeof rawKey === 'string' && rawKey !== '' ? rawKey : null;
    const fingerprint = `${method} ${path} ${body}`;
    if (key) {
      const saved = context.idempotency.lookup(key, fingerprint);
      if (saved) {
        sendJson(response, saved.status, saved.body, {
          ...headers,
          'idempotent-replayed': 'true',
          'idempotency-key': key,
        });
        return;
      }
      context.idempotency.begin(key);
    }
    try {
      await respond(context, response, {
        method,
        path,
        query,
        body,
        key,
        fingerprint,
        requestId,
        headers,
        request,
      });
    } finally {
      if (key) context.idempotency.end(key);
    }
  } catch (error) {
    sendFailure(response, error, headers);
  }
}

interface Call {
  method: string;
  path: string;
  query: string;
  body: string;
  key: string | null;
  fingerprint: string;
  requestId: string;
  headers: Record<string, string>;
  request: IncomingMessage;
}

async function respond(context: ApiContext, response: ServerResponse, call: Call): Promise<void> {
  const { method, path, query, body, key, fingerprint, requestId, headers, request } = call;
  const { apiLatencyMs } = context.emulator.chaos.settings;
  if (apiLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, apiLatencyMs));
  const failure = chaosFailure(context);
  if (failure) throw failure;
  const route = context.router.match(method, path);
  if (!route) {
    throw new ApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }
  const params = method === 'POST' ? { ...parseForm(query), ...parseForm(body) } : parseForm(query);
  context.emulator.currentRequest = { id: requestId, idempotencyKey: key };
  let result: unknown;
  try {
    result = route.handler({
      method,
      path,
      pathParams: route.pathParams,
      params,
      headers: request.headers,
    });
    result = applyExpand(result, expandPaths(params), context.expandSource);
  } catch (error) {
    if (key && error instanceof ApiError && error.status === 402) {
      context.idempotency.save(
        key,
        fingerprint,
        402,
        Buffer.from(JSON.stringify({ error: error.body }, null, 2), 'utf8'),
      );
    }
    throw error;
  } finally {
    context.emulator.currentRequest = null;
  }
  const text = JSON.stringify(result);
  if (!key) {
    sendJson(response, 200, text, headers);
    return;
  }
  // The saved copy of a response is bytes, so thousands of them are no work for the garbage collector.
  const bytes = Buffer.from(text, 'utf8');
  context.idempotency.save(key, fingerprint, 200, bytes);
  sendJson(response, 200, bytes, { ...headers, 'idempotency-key': key });
}

function sendFailure(response: ServerResponse, error: unknown, headers: Record<string, string>): void {
  if (error instanceof ApiError) {
    sendError(response, error, headers);
  } else if (error instanceof BodyTooLarge) {
    const tooLarge = new ApiError(413, { type: 'invalid_request_error', message: 'Request body too large.' });
    sendError(response, tooLarge, { ...headers, connection: 'close' });
  } else {
    console.error('stripe-emulator: internal error', error);
    sendError(
      response,
      new ApiError(500, { type: 'api_error', message: 'An unexpected error occurred in the emulator.' }),
      headers,
    );
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../emulator.ts';
import { advanceEmulatorClock } from '../billing/advance.ts';
import { readBody } from './body.ts';
import { ApiError, invalidRequest } from './errors.ts';
import { parseForm } from './form.ts';
import type { IdempotencyCache } from './idempotency.ts';
import { sendError, sendJson } from './respond.ts';

/** Admin bodies may be JSON or a form; form values are read as JSON literals where they parse. */
async function readAdminBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(request, 64 * 1024);
  if (text.trim() === '') return {};
  if ((request.headers['content-type'] ?? '').includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidRequest('Body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalidRequest('Body must be a JSON object.');
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseForm(text))) {
    if (typeof value === 'string' && /^(true|false|-?\d+(\.\d+)?)$/.test(value)) out[key] = JSON.parse(value);
    else out[key] = value;
  }
  return out;
}

function json(response: ServerResponse, value: unknown): void {
  sendJson(response, 200, JSON.stringify(value, null, 2));
}

function clockState(emulator: Emulator): object {
  return {
    now: emulator.clock.now(),
    frozen: emulator.clock.frozenAt !== null,
    offset_seconds: emulator.clock.offsetSeconds,
  };
}

/** `/_emulator/*`: reset, chaos, deliveries, the emulator clock and dunning settings. No API key needed. */
export async function handleAdmin(
  emulator: Emulator,
  idempotency: IdempotencyCache,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const method = request.method ?? 'GET';
  try {
    const route = `${method} ${path.replace(/\/$/, '')}`;
    if (route === 'GET /_emulator/health') return json(response, { ok: true, ...clockState(emulator) });
    if (route === 'POST /_emulator/reset') {
      emulator.reset();
      idempotency.clear();
      return json(response, { ok: true });
    }
    if (route === 'GET /_emulator/chaos') return json(response, emulator.chaos.settings);
    if (route === 'POST /_emulator/chaos')
      return json(response, emulator.chaos.update(await readAdminBody(request)));
    if (route === 'GET /_emulator/deliveries') {
      const event = query.get('event');
      const endpoint = query.get('endpoint');
      const type = query.get('type');
      const data = emulator.dispatcher.log.filter(
        (entry) =>
          (!event || entry.event === event) &&
          (!endpoint || entry.endpoint === endpoint) &&
          (!type || entry.type === type),
      );
      return json(response, { object: 'list', data, pending: emulator.dispatcher.pending });
    }
    if (route === 'POST /_emulator/deliveries/wait') {
      const body = await readAdminBody(request);
      const timeoutMs = typeof body.timeoutMs === 'number' ? body.timeoutMs : 10_000;
      const idle = await Promise.race([
        emulator.dispatcher.idle().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      return json(response, { idle, pending: emulator.dispatcher.pending });
    }
    if (route === 'GET /_emulator/clock') return json(response, clockState(emulator));
    if (route === 'POST /_emulator/clock') {
      const body = await readAdminBody(request);
      const { advance_seconds: advanceSeconds, to, frozen } = body;
      if (frozen !== undefined && typeof frozen !== 'boolean')
        throw invalidRequest('frozen must be a boolean', 'frozen');
      if (frozen === true && emulator.clock.frozenAt === null) emulator.clock.frozenAt = emulator.clock.now();
      if (frozen === false && emulator.clock.frozenAt !== null) {
        emulator.clock.offsetSeconds = emulator.clock.frozenAt - Math.floor(Date.now() / 1000);
        emulator.clock.frozenAt = null;
      }
      let target = emulator.clock.now();
      if (typeof advanceSeconds === 'number') target += Math.floor(advanceSeconds);
      else if (typeof to === 'number') target = Math.floor(to);
      else if (advanceSeconds !== undefined || to !== undefined)
        throw invalidRequest('advance_seconds and to must be numbers');
      if (target < emulator.clock.now())
        throw invalidRequest('The emulator clock cannot move backwards.', 'to');
      advanceEmulatorClock(emulator, target);
      return json(response, clockState(emulator));
    }
    if (route === 'GET /_emulator/dunning') return json(response, emulator.dunning);
    if (route === 'POST /_emulator/dunning') {
      const body = await readAdminBody(request);
      if (body.retryDays !== undefined) {
        if (
          !Array.isArray(body.retryDays) ||
          !body.retryDays.every((day) => typeof day === 'number' && day > 0)
        ) {
          throw invalidRequest('retryDays must be a list of positive numbers of days', 'retryDays');
        }
        emulator.dunning.retryDays = [...(body.retryDays as number[])].sort((a, b) => a - b);
      }
      if (body.finalAction !== undefined) {
        if (
          body.finalAction !== 'cancel' &&
          body.finalAction !== 'unpaid' &&
          body.finalAction !== 'past_due'
        ) {
          throw invalidRequest('finalAction must be cancel, unpaid or past_due', 'finalAction');
        }
        emulator.dunning.finalAction = body.finalAction;
      }
      return json(response, emulator.dunning);
    }
    throw new ApiError(404, {
      type: 'invalid_request_error',
      message: `Unknown emulator admin route ${method} ${path}`,
    });
  } catch (error) {
    if (error instanceof ApiError) sendError(response, error);
    else
      sendError(
        response,
        new ApiError(400, { type: 'invalid_request_error', message: 'Bad admin request.' }),
      );
  }
}

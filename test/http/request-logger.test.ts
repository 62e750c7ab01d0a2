import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** request.log is made only when something is logged; what is logged must not change. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger(level, destination), lines };
}

describe('request logging', () => {
  const info = capture('info');
  const warn = capture('warn');
  let atInfo: TestApp;
  let atWarn: TestApp;
  beforeAll(async () => {
    atInfo = await startTestApp({ deps: { logger: info.logger } });
    atWarn = await startTestApp({ deps: { logger: warn.logger } });
    // A webhook with a wrong signature is refused with a warning.
    atWarn.deps.stripe.webhookSecret = 'whsec_request_logger_test';
  });
  afterAll(async () => {
    await atInfo.close();
    await atWarn.close();
  });

  it('at info, logs each request and its answer with one request id, the path only and no cookie', async () => {
    const response = await atInfo.app.inject({
      method: 'GET',
      url: '/api/profile?token=secret',
      headers: { cookie: 'tollgate_session=abc' },
    });
    expect(response.statusCode).toBe(401);
    const incoming = info.lines.find(
      (l) => l.msg === 'incoming request' && (l.req as any)?.path === '/api/profile',
    );
    expect(incoming).toBeDefined();
    expect(JSON.stringify(incoming)).not.toContain('secret');
    expect(JSON.stringify(incoming)).not.toContain('abc');
    const reqId = incoming!.reqId;
    expect(reqId).toBeTruthy();
    const refused = info.lines.find((l) => l.msg === 'request refused' && l.reqId === reqId);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(info.lines.some((l) => l.msg === 'request completed' && l.reqId === reqId)).toBe(true);
  });

  it('at warn, logs nothing for an ordinary request but still names the request of a warning', async () => {
    const before = warn.lines.length;
    expect((await atWarn.app.inject({ method: 'GET', url: '/api/profile' })).statusCode).toBe(401);
    expect(warn.lines.length).toBe(before);
    const refused = await atWarn.app.inject({
      method: 'POST',
      url: '/api/stripe/webhook',
      payload: '{}',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=bad' },
    });
    expect(refused.statusCode).toBe(400);
    const warning = warn.lines.find((l) => l.msg === 'webhook refused');
    expect(warning).toBeDefined();
    expect(warning!.reqId).toBeTruthy();
    expect(warning!.level).toBe(40);
  });
});

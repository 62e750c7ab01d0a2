import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { expectErrorShape, startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let user: TestClient;
let url: string;
beforeAll(async () => {
  t = await startTestApp({ env: { REQUEST_TIMEOUT_MS: '1000' } });
  t.deps.stripe.webhookSecret = 'whsec_limits';
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  user = t.client();
  await user.register('limits@example.com');
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

describe('oversized and deeply nested bodies', () => {
  // The 1 MiB limit on /api/register is in test/http/errors.test.ts; here every kind of route.
  it('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE on public, signed-in, admin and webhook routes', async () => {
    const big = JSON.stringify({ reason: 'x'.repeat(1024 * 1024) });
    for (const [method, path] of [
      ['POST', '/api/login'],
      ['POST', '/api/billing/cancel'],
      ['POST', '/api/billing/cancel/'],
      ['PUT', '/api/admin/users/00000000-0000-0000-0000-000000000000/subscription'],
      ['POST', '/api/stripe/webhook'],
      ['POST', '/api/ai/generate'],
    ] as const) {
      const response = await user.request(method, path, big, json);
      expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
    }
  });

  it('100,000 levels of nesting are refused with a 4xx, not a crash or a stack overflow', async () => {
    const depth = 100_000;
    const bodies = ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)];
    for (const body of bodies) {
      for (const [method, path] of [
        ['POST', '/api/register'],
        ['POST', '/api/billing/checkout'],
        ['PUT', '/api/profile/email-preferences'],
      ] as const) {
        const response = await user.request(method, path, body, json);
        expectErrorShape(response, 400, 'VALIDATION_FAILED');
      }
      // Unknown keys are ignored, so a nested object passes validation and meets the next rule (409).
      const portal = await user.request('POST', '/api/billing/portal', body, json);
      expect([400, 409]).toContain(portal.statusCode);
      expect(portal.json).toMatchObject({ success: false, status: portal.statusCode });
      const hook = await user.request('POST', '/api/stripe/webhook', body, json);
      expectErrorShape(hook, 400, 'INVALID_SIGNATURE');
    }
    expect((await user.get('/api/profile')).statusCode).toBe(200);
  });
});

describe('malformed URLs (found by the fuzzer)', () => {
  it('a path parameter over the router limit is 404 NOT_FOUND in the API.md shape, not a Fastify 414', async () => {
    const long = 'cs_' + 'a'.repeat(300);
    expectErrorShape(await user.get(`/api/billing/checkout/${long}`), 404, 'NOT_FOUND');
    expectErrorShape(await user.post(`/api/admin/payments/${long}/refund`, {}), 404, 'NOT_FOUND');
  });

  it('a URL that is not valid percent-encoding is 400 VALIDATION_FAILED in the API.md shape', async () => {
    expectErrorShape(await user.get('/api/billing/checkout/%E0%A4%A'), 400, 'VALIDATION_FAILED');
  });
});

describe('slow requests', () => {
  it('garbage that is not HTTP is answered 400 in the API.md shape and the connection closed', async () => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400/);
    expect(received).toContain('"code":"VALIDATION_FAILED"');
  });

  it('REQUEST_TIMEOUT_MS defaults to 30 s and is what the server enforces', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(30_000);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/REQUEST_TIMEOUT_MS/);
    expect(t.app.server.requestTimeout).toBe(1000);
  });

  it('a client trickling its body byte by byte is cut off with 408, while other requests are served', async () => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /api/login HTTP/1.1\r\nHost: tollgate.test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    const started = Date.now();
    let sent = 1;
    const trickle = setInterval(() => {
      if (!socket.destroyed && socket.writable) {
        socket.write(' ');
        sent += 1;
      }
    }, 100);
    try {
      // While the slow client holds its connection, everyone else is answered.
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${url}/api/plans`);
        expect(response.status).toBe(200);
      }
      await Promise.race([
        closed,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('the slow request was never cut off')), 20_000),
        ),
      ]);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toEqual({
      success: false,
      error: expect.any(String),
      code: 'REQUEST_TIMEOUT',
      status: 408,
    });
    // It was still sending when the server hung up: the cut came from the timeout, not the body's end.
    expect(sent).toBeLessThan(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

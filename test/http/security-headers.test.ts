import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The app computes helmet's headers once instead of per request: they must be exactly helmet's. */
async function helmetHeaders(hsts: boolean) {
  const reference = Fastify();
  await reference.register(helmet, { hsts });
  reference.get('/', (_request, reply) => reply.send(''));
  const { headers } = await reference.inject({ method: 'GET', url: '/' });
  await reference.close();
  const names = Object.keys(headers).filter(
    (name) => !['content-length', 'content-type', 'date', 'connection', 'keep-alive'].includes(name),
  );
  expect(names.length).toBeGreaterThan(8);
  return Object.fromEntries(names.map((name) => [name, headers[name]]));
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are the ones @fastify/helmet sends, on successes, errors and 404s', async () => {
    const expected = await helmetHeaders(t.config.secureCookies);
    for (const url of ['/health', '/api/profile', '/api/no-such-route']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers).toMatchObject(expected);
    }
  });

  it('include Strict-Transport-Security when cookies are Secure, like helmet with hsts', async () => {
    const https = await startTestApp({ env: { APP_URL: 'https://tollgate.test' } });
    try {
      expect(https.config.secureCookies).toBe(true);
      const expected = await helmetHeaders(true);
      expect(expected['strict-transport-security']).toBeDefined();
      expect((await https.app.inject({ method: 'GET', url: '/health' })).headers).toMatchObject(expected);
    } finally {
      await https.close();
    }
  });
});

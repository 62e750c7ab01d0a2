import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('errors in the API.md shape', () => {
  it('unknown API routes answer 404 JSON', async () => {
    expectErrorShape(await t.client().get('/api/does-not-exist'), 404, 'NOT_FOUND');
    expectErrorShape(await t.client().post('/api/does-not-exist', {}), 404, 'NOT_FOUND');
  });

  it('malformed JSON answers 400', async () => {
    const response = await t
      .client()
      .post('/api/login', '{"email": ', { 'content-type': 'application/json' });
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
  });

  it('an empty JSON body answers 400', async () => {
    const response = await t.client().post('/api/login', '', { 'content-type': 'application/json' });
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
  });

  it('a body over 1 MiB answers 413', async () => {
    const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1024 * 1024) });
    const response = await t.client().post('/api/register', big, { 'content-type': 'application/json' });
    expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a body that is not JSON answers 415', async () => {
    const response = await t
      .client()
      .post('/api/login', 'email=a', { 'content-type': 'application/x-www-form-urlencoded' });
    expectErrorShape(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const xml = await t.client().post('/api/login', '<a/>', { 'content-type': 'text/xml' });
    expectErrorShape(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('deeply nested JSON is refused cleanly, not with a crash', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const response = await t.client().post('/api/login', deep, { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json.success).toBe(false);
  });

  it('prototype-pollution keys are refused', async () => {
    const response = await t
      .client()
      .post('/api/login', '{"__proto__": {"admin": true}, "email": "a@b.co", "password": "x"}', {
        'content-type': 'application/json',
      });
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
  });

  it('trailing-slash paths work like the plain ones', async () => {
    const client = t.client();
    const response = await client.post('/api/register/', {
      email: 'slash@example.com',
      password: 'long enough',
    });
    expect(response.statusCode).toBe(201);
    expect((await client.get('/api/profile/')).statusCode).toBe(200);
    expect(
      (await client.post('/api/login/', { email: 'slash@example.com', password: 'long enough' })).statusCode,
    ).toBe(200);
  });

  it('an unexpected failure is a 500 INTERNAL with no detail or stack in the body', async () => {
    const broken = await startTestApp();
    await broken.database.close();
    const response = await broken
      .client()
      .post('/api/login', { email: 'a@example.com', password: 'whatever-pw' });
    expectErrorShape(response, 500, 'INTERNAL');
    expect(response.json.error).toBe('Something went wrong on our side.');
    await broken.app.close();
  });

  it('sends security headers', async () => {
    const response = await t.client().get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('does not answer CORS preflights unless an origin is allowed', async () => {
    const closed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();

    const open = await startTestApp({ env: { CORS_ORIGINS: 'https://app.example' } });
    const allowed = await open.app.inject({
      method: 'OPTIONS',
      url: '/api/login',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    const other = await open.app.inject({
      method: 'OPTIONS',
      url: '/api/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await open.close();
  });

  it('serves the web page at / and client-side routes, but JSON 404 under /api', async () => {
    const home = await t.client().get('/', { accept: 'text/html' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<title>Tollgate</title>');
    const reset = await t.client().get('/reset-password?token=abc', { accept: 'text/html' });
    expect(reset.statusCode).toBe(200);
    expect(reset.body).toContain('<title>Tollgate</title>');
    expectErrorShape(await t.client().get('/api/nothing', { accept: 'text/html' }), 404, 'NOT_FOUND');
  });
});

describe('per-IP rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the limit', async () => {
    const limited = await startTestApp({ env: { RATE_LIMIT_IP_PER_MINUTE: '3' } });
    const client = limited.client();
    for (let i = 0; i < 3; i++) expect((await client.get('/api/csrf')).statusCode).toBe(200);
    const response = await client.get('/api/csrf');
    expectErrorShape(response, 429, 'RATE_LIMITED');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    await limited.close();
  });

  it('limits a signed-in user per minute', async () => {
    const limited = await startTestApp({ env: { RATE_LIMIT_USER_PER_MINUTE: '2' } });
    const client = limited.client();
    await client.register('busy@example.com');
    await client.get('/api/profile');
    await client.get('/api/profile');
    expectErrorShape(await client.get('/api/profile'), 429, 'RATE_LIMITED');
    await limited.close();
  });
});

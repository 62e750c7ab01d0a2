import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('CSRF', () => {
  it('GET /api/csrf returns the session token when signed in and null when not', async () => {
    expect((await t.client().get('/api/csrf')).data).toEqual({ csrfToken: null });
    const client = t.client();
    await client.register('csrf@example.com');
    const token = client.csrfToken;
    expect((await client.get('/api/csrf')).data).toEqual({ csrfToken: token });
    expect((await client.get('/api/profile')).data.csrfToken).toBe(token);
  });

  it('refuses a state change with a session but without the header, or with a wrong one', async () => {
    const client = t.client();
    await client.register('csrf2@example.com');
    const missing = await client.post('/api/logout', undefined, { 'x-csrf-token': '' });
    expectErrorShape(missing, 403, 'CSRF_FAILED');
    const wrong = await client.post('/api/logout', undefined, { 'x-csrf-token': 'x'.repeat(43) });
    expectErrorShape(wrong, 403, 'CSRF_FAILED');
    // The refused logout changed nothing.
    expect((await client.get('/api/profile')).statusCode).toBe(200);
  });

  it("does not accept another session's token", async () => {
    const alice = t.client();
    await alice.register('alice-csrf@example.com');
    const bob = t.client();
    await bob.register('bob-csrf@example.com');
    expectErrorShape(
      await alice.post('/api/logout', undefined, { 'x-csrf-token': bob.csrfToken! }),
      403,
      'CSRF_FAILED',
    );
  });

  it('the token changes when the session does (login)', async () => {
    const client = t.client();
    await client.register('rotate@example.com');
    const first = client.csrfToken;
    await client.post('/api/logout');
    await client.login('rotate@example.com');
    expect(client.csrfToken).not.toBe(first);
  });
});

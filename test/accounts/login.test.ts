import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, startTestApp, TestClient, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.client().register('grace@example.com', 'hopper-password', 'Grace');
});
afterAll(() => t.close());

describe('POST /api/login', () => {
  it('signs in with the right password, case-insensitively on the e-mail', async () => {
    const client = t.client();
    const response = await client.post('/api/login', {
      email: 'Grace@Example.com',
      password: 'hopper-password',
    });
    expect(response.statusCode).toBe(200);
    expect(response.data.user).toMatchObject({ email: 'grace@example.com', name: 'Grace' });
    expect(response.data.csrfToken).toEqual(expect.any(String));
    expect((await client.get('/api/profile')).statusCode).toBe(200);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown e-mail alike', async () => {
    const wrong = await t
      .client()
      .post('/api/login', { email: 'grace@example.com', password: 'wrong-password' });
    const unknown = await t
      .client()
      .post('/api/login', { email: 'nobody@example.com', password: 'wrong-password' });
    expectErrorShape(wrong, 401, 'INVALID_CREDENTIALS');
    expectErrorShape(unknown, 401, 'INVALID_CREDENTIALS');
    expect(wrong.json.error).toBe(unknown.json.error);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('validates the body', async () => {
    const response = await t.client().post('/api/login', { email: 'grace@example.com' });
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
    expect(response.json.details).toEqual({ password: expect.any(String) });
  });

  it('rotates the session id on login, so a planted session id is worthless (fixation)', async () => {
    const attacker = t.client();
    await attacker.register('mallory@example.com');
    const planted = attacker.cookie!;

    const victim = t.client();
    victim.cookie = planted;
    victim.csrfToken = attacker.csrfToken;
    await victim.login('grace@example.com', 'hopper-password');
    expect(victim.cookie).not.toBe(planted);

    const stale = t.client();
    stale.cookie = planted;
    expectErrorShape(await stale.get('/api/profile'), 401, 'UNAUTHENTICATED');
    expect((await victim.get('/api/profile')).data.user.email).toBe('grace@example.com');
  });

  it('answers 429 with Retry-After on the 6th failure in 15 minutes, even with the right password', async () => {
    const email = 'target@example.com';
    await t.client().register(email, 'target-password');
    for (let i = 0; i < 5; i++) {
      expectErrorShape(
        await t.client().post('/api/login', { email, password: `guess-${i}` }),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const sixth = await t.client().post('/api/login', { email, password: 'target-password' });
    expectErrorShape(sixth, 429, 'RATE_LIMITED');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // Other e-mails are not affected.
    expect(
      (await t.client().post('/api/login', { email: 'grace@example.com', password: 'hopper-password' }))
        .statusCode,
    ).toBe(200);

    // After the window the right password works again, and success clears the count.
    t.clock.advance(15 * 60 * 1000 + 1000);
    expect((await t.client().post('/api/login', { email, password: 'target-password' })).statusCode).toBe(
      200,
    );
    expect((await t.client().post('/api/login', { email, password: 'bad' })).statusCode).toBe(401);
  });

  it('lets no more than 5 guesses through when they arrive at once', async () => {
    const email = 'burst@example.com';
    await t.client().register(email, 'burst-password');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new TestClient(t.app).post('/api/login', { email, password: `guess-${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});

describe('POST /api/logout and GET /api/profile', () => {
  it('ends the session: the old cookie no longer works', async () => {
    const client = t.client();
    await client.login('grace@example.com', 'hopper-password');
    const cookie = client.cookie;
    const response = await client.post('/api/logout');
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ success: true, data: {} });
    expect(response.headers['set-cookie']).toMatch(/tollgate_session=;/);

    const replay = t.client();
    replay.cookie = cookie;
    expectErrorShape(await replay.get('/api/profile'), 401, 'UNAUTHENTICATED');
  });

  it('answers 401 UNAUTHENTICATED to the profile when signed out, and to a forged cookie', async () => {
    expectErrorShape(await t.client().get('/api/profile'), 401, 'UNAUTHENTICATED');
    const forged = t.client();
    forged.cookie = 'tollgate_session=not-a-real-session';
    expectErrorShape(await forged.get('/api/profile'), 401, 'UNAUTHENTICATED');
  });

  it('expires sessions after 30 days', async () => {
    const client = t.client();
    await client.login('grace@example.com', 'hopper-password');
    t.clock.advance(31 * 24 * 3600 * 1000);
    expectErrorShape(await client.get('/api/profile'), 401, 'UNAUTHENTICATED');
  });
});

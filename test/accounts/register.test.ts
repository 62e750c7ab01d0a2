import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, users } from '../../src/platform/db/schema/index.ts';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const userCount = async () => (await t.database.db.select({ n: count() }).from(users))[0]!.n;

describe('POST /api/register', () => {
  it('creates the account, signs in and returns the user with free billing and a CSRF token', async () => {
    const client = t.client();
    const response = await client.post('/api/register', {
      email: '  Ada@Example.COM ',
      password: 'long enough',
      name: 'Ada',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json.success).toBe(true);
    const { user, csrfToken } = response.data;
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'user' });
    expect(user.createdAt).toBe('2026-01-15T12:00:00.000Z');
    expect(user.billing).toMatchObject({ tier: 'free', isPro: false, status: 'none', features: [] });
    expect(typeof csrfToken).toBe('string');
    expect(response.headers['set-cookie']).toMatch(
      /tollgate_session=.+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax/,
    );

    const profile = await client.get('/api/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.data.user.email).toBe('ada@example.com');

    const [row] = await t.database.db.select().from(users).where(eq(users.email, 'ada@example.com'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain('long enough');
  });

  it('answers 409 CONFLICT for a taken e-mail, whatever its case, without a second row', async () => {
    await t.client().register('taken@example.com');
    const before = await userCount();
    const response = await t
      .client()
      .post('/api/register', { email: 'TAKEN@example.com', password: 'another password' });
    expectErrorShape(response, 409, 'CONFLICT');
    expect(await userCount()).toBe(before);
  });

  it.each([
    [{}, ['email', 'password']],
    [{ email: 'not-an-email', password: 'long enough' }, ['email']],
    [{ email: 'a@example.com', password: 'short' }, ['password']],
    [{ email: 42, password: ['x'] }, ['email', 'password']],
    [{ email: 'a@example.com', password: 'long enough', name: 7 }, ['name']],
    [{ email: 'a@example.com', password: 'long enough', name: '   ' }, ['name']],
    [{ email: `${'a'.repeat(250)}@example.com`, password: 'long enough' }, ['email']],
  ])('refuses %j with VALIDATION_FAILED naming %j and writes nothing', async (body, fields) => {
    const before = await userCount();
    const response = await t.client().post('/api/register', body);
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
    expect(Object.keys(response.json.details).sort()).toEqual([...fields].sort());
    expect(await userCount()).toBe(before);
  });

  it('refuses a JSON array or a string body', async () => {
    expectErrorShape(await t.client().post('/api/register', [1, 2]), 400, 'VALIDATION_FAILED');
    expectErrorShape(
      await t.client().post('/api/register', '"text"', { 'content-type': 'application/json' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('ends the session the client had before registering a new account', async () => {
    const client = t.client();
    await client.register('first@example.com');
    const oldCookie = client.cookie;
    const before = (await t.database.db.select({ n: count() }).from(sessions))[0]!.n;
    await client.register('second@example.com');
    expect(client.cookie).not.toBe(oldCookie);
    expect((await t.database.db.select({ n: count() }).from(sessions))[0]!.n).toBe(before);
    expect((await client.get('/api/profile')).data.user.email).toBe('second@example.com');
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_CACHE_TTL_MS, SESSION_TTL_MS } from '../../src/accounts/sessions.ts';
import { GRANTS_CACHE_TTL_MS } from '../../src/billing/entitlements.ts';
import { BYPASS_MS, forgetKey, forgetTag, ShortCache } from '../../src/http/short-cache.ts';
import { accessGrants, sessions } from '../../src/platform/db/schema/index.ts';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ShortCache', () => {
  const setup = (options: { keep?: (v: string) => boolean; tagOf?: (v: string) => string } = {}) => {
    let now = 0;
    let loads = 0;
    const channel = `test-${Math.random()}`;
    const cache = new ShortCache<string>(channel, { ttlMs: 1000, now: () => now, ...options });
    const load = (value: string) => () => {
      loads++;
      return Promise.resolve(value);
    };
    return { cache, channel, load, loads: () => loads, advance: (ms: number) => (now += ms) };
  };

  it('answers from memory within the TTL and reads again after it', async () => {
    const c = setup();
    expect(await c.cache.get('k', c.load('a'))).toBe('a');
    expect(await c.cache.get('k', c.load('b'))).toBe('a');
    c.advance(999);
    expect(await c.cache.get('k', c.load('b'))).toBe('a');
    c.advance(1);
    expect(await c.cache.get('k', c.load('b'))).toBe('b');
    expect(c.loads()).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const c = setup();
    const results = await Promise.all([1, 2, 3].map(() => c.cache.get('k', c.load('a'))));
    expect(results).toEqual(['a', 'a', 'a']);
    expect(c.loads()).toBe(1);
  });

  it('does not keep values the keep predicate refuses', async () => {
    const c = setup({ keep: (v) => v !== 'miss' });
    await c.cache.get('k', c.load('miss'));
    expect(await c.cache.get('k', c.load('hit'))).toBe('hit');
    expect(c.loads()).toBe(2);
  });

  it('forgetting a key (on any cache of the channel) reads the database, uncached, for the bypass window', async () => {
    const c = setup();
    await c.cache.get('k', c.load('old'));
    forgetKey(c.channel, 'k');
    expect(await c.cache.get('k', c.load('new'))).toBe('new');
    expect(await c.cache.get('k', c.load('newer'))).toBe('newer');
    c.advance(BYPASS_MS);
    await c.cache.get('k', c.load('cached'));
    expect(await c.cache.get('k', c.load('not read'))).toBe('cached');
  });

  it('forgetting a tag drops every entry with it, and a load racing the forget is not kept', async () => {
    const c = setup({ tagOf: (v) => v.split(':')[0]! });
    await c.cache.get('s1', c.load('u1:a'));
    await c.cache.get('s2', c.load('u2:b'));
    let release!: (v: string) => void;
    const racing = c.cache.get('s3', () => new Promise<string>((r) => (release = r)));
    forgetTag(c.channel, 'u1');
    release('u1:old');
    expect(await racing).toBe('u1:old');
    expect(await c.cache.get('s1', c.load('u1:new'))).toBe('u1:new');
    expect(await c.cache.get('s3', c.load('u1:fresh'))).toBe('u1:fresh');
    expect(await c.cache.get('s2', c.load('unused'))).toBe('u2:b');
  });

  it('a value put after a change replaces the cached one and an older in-flight load cannot overwrite it', async () => {
    const c = setup();
    let release!: (v: string) => void;
    const racing = c.cache.get('k', () => new Promise<string>((r) => (release = r)));
    c.cache.put('k', 'fresh');
    release('stale');
    await racing;
    expect(await c.cache.get('k', c.load('unused'))).toBe('fresh');
  });

  it('keeps at most maxEntries', async () => {
    const cache = new ShortCache<number>('bounded', { ttlMs: 1000, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, () => Promise.resolve(1));
    expect(cache.size).toBe(2);
  });
});

describe('session and grant caches in the app', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ database: a.database });
  });
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  const signedIn = async (app: TestApp, email: string): Promise<TestClient> => {
    const client = app.client();
    await client.register(email, 'cache-password');
    return client;
  };
  const on = (app: TestApp, from: TestClient) => {
    const client = app.client();
    client.cookie = from.cookie;
    client.csrfToken = from.csrfToken;
    return client;
  };

  it('logout takes effect at once on the instance that made it, and on another one in this process', async () => {
    const client = await signedIn(a, 'logout-cache@example.com');
    const cookie = client.cookie;
    const onB = on(b, client);
    expect((await client.get('/api/profile')).statusCode).toBe(200);
    expect((await onB.get('/api/profile')).statusCode).toBe(200);
    expect((await client.post('/api/logout')).statusCode).toBe(200);
    const replay = a.client();
    replay.cookie = cookie;
    expect((await replay.get('/api/profile')).statusCode).toBe(401);
    expect((await onB.get('/api/profile')).statusCode).toBe(401);
  });

  it('a session ended by another process stops working within the TTL', async () => {
    const client = await signedIn(a, 'elsewhere@example.com');
    expect((await client.get('/api/profile')).statusCode).toBe(200);
    // What another server instance or the CLI does: delete the rows behind this process's back.
    const { data } = await client.get('/api/profile');
    await a.database.db.delete(sessions).where(eq(sessions.userId, data.user.id));
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < SESSION_CACHE_TTL_MS + 2000) {
      status = (await client.get('/api/profile')).statusCode;
      if (status === 200) await sleep(100);
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(SESSION_CACHE_TTL_MS + 500);
  });

  it('a cached session still expires on the app clock', async () => {
    const client = await signedIn(a, 'expiring@example.com');
    expect((await client.get('/api/profile')).statusCode).toBe(200);
    a.clock.advance(SESSION_TTL_MS + 1000);
    try {
      expect((await client.get('/api/profile')).statusCode).toBe(401);
    } finally {
      a.clock.advance(-(SESSION_TTL_MS + 1000));
    }
  });

  it('a cached session the database has extended (time travel) is not taken for expired', async () => {
    const client = await signedIn(a, 'travelling@example.com');
    const { data } = await client.get('/api/profile');
    const jump = SESSION_TTL_MS + 24 * 3600 * 1000;
    await a.database.db
      .update(sessions)
      .set({ expiresAt: new Date(a.clock.now().getTime() + SESSION_TTL_MS + jump) })
      .where(eq(sessions.userId, data.user.id));
    a.clock.advance(jump);
    try {
      expect((await client.get('/api/profile')).statusCode).toBe(200);
    } finally {
      a.clock.advance(-jump);
    }
  });

  it('a new grant opens premium routes at once; a grant revoked elsewhere closes them within the TTL', async () => {
    const client = await signedIn(a, 'grants-cache@example.com');
    const { data } = await client.get('/api/profile');
    expect((await client.get('/api/pro/report')).statusCode).toBe(403);
    const now = a.clock.now();
    await a.database.db.insert(accessGrants).values({
      userId: data.user.id,
      planId: 'pro',
      source: 'admin_grant',
      sourceRef: `cache-test-${data.user.id}`,
      startsAt: now,
      endsAt: new Date(now.getTime() + 24 * 3600 * 1000),
      createdAt: now,
      updatedAt: now,
    });
    expect((await client.get('/api/pro/report')).statusCode).toBe(200);
    await a.database.db
      .update(accessGrants)
      .set({ status: 'revoked' })
      .where(eq(accessGrants.userId, data.user.id));
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < GRANTS_CACHE_TTL_MS + 2000) {
      status = (await client.get('/api/pro/report')).statusCode;
      if (status === 200) await sleep(100);
    }
    expect(status).toBe(403);
    expect(Date.now() - started).toBeLessThan(GRANTS_CACHE_TTL_MS + 500);
  });

  it('a cached grant still ends on the app clock', async () => {
    const client = await signedIn(a, 'grant-ends@example.com');
    const { data } = await client.get('/api/profile');
    const now = a.clock.now();
    await a.database.db.insert(accessGrants).values({
      userId: data.user.id,
      planId: 'pro',
      source: 'admin_grant',
      sourceRef: `ends-${data.user.id}`,
      startsAt: now,
      endsAt: new Date(now.getTime() + 3600 * 1000),
      createdAt: now,
      updatedAt: now,
    });
    expect((await client.get('/api/pro/report')).statusCode).toBe(200);
    a.clock.advance(3600 * 1000);
    try {
      expect((await client.get('/api/pro/report')).statusCode).toBe(403);
    } finally {
      a.clock.advance(-3600 * 1000);
    }
  });
});

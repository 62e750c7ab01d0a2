import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

/** Two server instances on one database (and, when REDIS_URL is set, one Redis) share the login limit. */
describe('login rate limit across server instances', () => {
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

  it('counts failures made on either instance', async () => {
    const email = 'shared@example.com';
    await a.client().register(email, 'shared-password');
    for (let i = 0; i < 5; i++) {
      const instance = i % 2 === 0 ? a : b;
      expect((await instance.client().post('/api/login', { email, password: `nope-${i}` })).statusCode).toBe(
        401,
      );
    }
    expectErrorShape(
      await b.client().post('/api/login', { email, password: 'shared-password' }),
      429,
      'RATE_LIMITED',
    );
    expectErrorShape(
      await a.client().post('/api/login', { email, password: 'shared-password' }),
      429,
      'RATE_LIMITED',
    );
  });

  it.skipIf(!process.env.REDIS_URL)('counts them in Redis when REDIS_URL is set', async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    const email = `redis-${Date.now()}@example.com`;
    const first = await startTestApp({ database: a.database, deps: { redis } });
    const second = await startTestApp({ database: a.database, deps: { redis } });
    try {
      await first.client().register(email, 'redis-password');
      for (let i = 0; i < 5; i++) {
        const instance = i % 2 === 0 ? first : second;
        expect(
          (await instance.client().post('/api/login', { email, password: `nope-${i}` })).statusCode,
        ).toBe(401);
      }
      const blocked = await second.client().post('/api/login', { email, password: 'redis-password' });
      expectErrorShape(blocked, 429, 'RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await first.app.close();
      await second.app.close();
      await redis.del(`tollgate:login-failures:${email}`);
      redis.disconnect();
    }
  });
});

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../../src/http/address-key.ts';
import { WindowCounter } from '../../src/http/window-counter.ts';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

describe('per-IP and per-user limits together', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_IP_PER_MINUTE: '1000', RATE_LIMIT_USER_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('limits a signed-in user while the per-IP limit is far away', async () => {
    const client = t.client();
    await client.register('both@example.com');
    const answers: number[] = [];
    for (let i = 0; i < 3; i++) answers.push((await client.get('/api/profile')).statusCode);
    expect(answers).toEqual([200, 200, 200]);
    const refused = await client.get('/api/profile');
    expectErrorShape(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another user from the same address is not held back by the first one's count.
    const other = t.client();
    await other.register('other@example.com');
    expect((await other.get('/api/profile')).statusCode).toBe(200);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses, unwraps IPv4-mapped ones and counts IPv6 per /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:0a:0b:1:2:3:4')).toBe('2001:db8:a:b::/64');
    expect(addressKey('2001:DB8:a:b:ffff::1')).toBe('2001:db8:a:b::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:0:0:9::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b:1:2::192.0.2.1')).toBe('64:ff9b:1:2::/64');
    // Two addresses of one /64 share a key; the next /64 does not.
    expect(addressKey('2001:db8:1:2::a')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:3::a')).not.toBe(addressKey('2001:db8:1:2::a'));
  });
});

describe('WindowCounter', () => {
  const counters: WindowCounter[] = [];
  const make = (options: Partial<ConstructorParameters<typeof WindowCounter>[0]> = {}) => {
    const counter = new WindowCounter({ max: 3, windowMs: 60_000, name: 'test', syncMs: 60_000, ...options });
    counters.push(counter);
    return counter;
  };
  afterEach(() => {
    for (const c of counters.splice(0)) c.close();
  });

  it('allows max hits per key and window, then answers the seconds left in the window', () => {
    let now = 120_000 + 15_000;
    const counter = make({ now: () => now });
    expect([counter.hit('a'), counter.hit('a'), counter.hit('a')]).toEqual([0, 0, 0]);
    expect(counter.hit('a')).toBe(45);
    expect(counter.hit('b')).toBe(0);
    now = 180_000;
    expect(counter.hit('a')).toBe(0);
  });

  it('forgets ended windows when it syncs', async () => {
    let now = 0;
    const counter = make({ now: () => now, max: 1 });
    counter.hit('a');
    now = 60_000;
    await counter.sync();
    expect(counter.hit('a')).toBe(0);
    expect(counter.hit('a')).toBeGreaterThan(0);
  });

  it('keeps counting in-process when Redis cannot be reached', async () => {
    const redis = new Redis('redis://127.0.0.1:9', { lazyConnect: true, maxRetriesPerRequest: 0 });
    const errors: unknown[] = [];
    const counter = make({ redis, onSyncError: (error) => errors.push(error) });
    counter.hit('a');
    counter.hit('a');
    await counter.sync();
    expect(errors).toEqual([]);
    expect(counter.hit('a')).toBe(0);
    expect(counter.hit('a')).toBeGreaterThan(0);
    redis.disconnect();
  });

  describe.skipIf(!process.env.REDIS_URL)('with Redis', () => {
    let redis: Redis;
    const name = `tollgate:test-rate:${process.pid}:${Date.now()}`;
    beforeAll(async () => {
      redis = new Redis(process.env.REDIS_URL!);
      await redis.ping();
    });
    afterAll(async () => {
      const keys = await redis.keys(`${name}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it('shares the counts of two instances once they have synced', async () => {
      const a = make({ redis, name, max: 4 });
      const b = make({ redis, name, max: 4 });
      expect([a.hit('ip'), a.hit('ip'), a.hit('ip')]).toEqual([0, 0, 0]);
      await a.sync();
      expect(b.hit('ip')).toBe(0);
      await b.sync();
      // The shared total is 4, which b has learnt.
      expect(b.hit('ip')).toBeGreaterThan(0);
      await a.sync();
      expect(a.hit('ip')).toBe(0); // a has not heard of b's hit yet (it sends nothing new)…
      await a.sync();
      expect(a.hit('ip')).toBeGreaterThan(0); // …and learns the total with its next exchange.
      const windowKeys = await redis.keys(`${name}:*:ip`);
      expect(windowKeys).toHaveLength(1);
      expect(Number(await redis.get(windowKeys[0]!))).toBe(5);
      expect(await redis.pttl(windowKeys[0]!)).toBeGreaterThan(60_000);
    });

    it('reports a failed exchange and keeps those counts for the next one', async () => {
      const now = 1_000 * 60_000 + 5_000;
      await redis.set(`${name}:1000:broken`, 'not a number');
      const errors: unknown[] = [];
      const counter = make({ redis, name, max: 2, now: () => now, onSyncError: (e) => errors.push(e) });
      counter.hit('broken');
      await counter.sync();
      expect(errors).toHaveLength(1);
      await redis.del(`${name}:1000:broken`);
      await counter.sync();
      expect(Number(await redis.get(`${name}:1000:broken`))).toBe(1);
      expect(counter.hit('broken')).toBe(0);
      expect(counter.hit('broken')).toBeGreaterThan(0);
    });
  });
});

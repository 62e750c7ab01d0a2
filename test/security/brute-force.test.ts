import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Password guessing spread over two server instances, all at once. The sequential case across
 * instances (and through Redis) is test/accounts/login-across-instances.test.ts; the concurrent case
 * on one instance is test/accounts/login.test.ts.
 */
describe('brute-force login across two instances, concurrently', () => {
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

  it('checks at most 5 passwords in 15 minutes, however the guesses are spread or bunched', async () => {
    const email = 'target@example.com';
    await a.client().register(email, 'the-right-password');
    const guess = (i: number) =>
      (i % 2 === 0 ? a : b).client().post('/api/login', { email, password: `guess-${i}` });
    const statuses: number[] = [];
    // Three bursts of 20 at once, then one at a time until the lock answers.
    for (let burst = 0; burst < 3; burst++) {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => guess(burst * 20 + i)));
      statuses.push(...responses.map((r) => r.statusCode));
    }
    for (let i = 0; i < 10; i++) statuses.push((await guess(100 + i)).statusCode);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // A 401 is a password actually checked: an attacker's guesses. 429s checked nothing.
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    for (const instance of [a, b]) {
      const right = await instance.client().post('/api/login', { email, password: 'the-right-password' });
      expectErrorShape(right, 429, 'RATE_LIMITED');
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another account is not locked by the attack on this one.
    await a.client().register('bystander@example.com', 'bystander-password');
    expect(
      (
        await b
          .client()
          .post('/api/login', { email: 'bystander@example.com', password: 'bystander-password' })
      ).statusCode,
    ).toBe(200);
  });

  it('the e-mail cannot be varied to dodge the limit (case and spaces count as the same account)', async () => {
    const email = 'variant@example.com';
    await a.client().register(email, 'variant-password');
    const spellings = [
      'variant@example.com',
      'VARIANT@example.com',
      ' Variant@Example.com ',
      'variant@EXAMPLE.COM',
    ];
    for (let i = 0; i < 5; i++) {
      const instance = i % 2 === 0 ? a : b;
      const response = await instance
        .client()
        .post('/api/login', { email: spellings[i % 4], password: `no-${i}` });
      expect(response.statusCode).toBe(401);
    }
    for (const spelling of spellings) {
      expectErrorShape(
        await b.client().post('/api/login', { email: spelling, password: 'variant-password' }),
        429,
        'RATE_LIMITED',
      );
    }
  });
});

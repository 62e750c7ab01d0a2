import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessGrants } from '../../src/platform/db/schema/index.ts';
import { expectErrorShape, startTestApp, type TestApp } from '../support/test-app.ts';

/** The demo premium report: its series is worked out once per e-mail length, its time on every request. */
describe('GET /api/pro/report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function proUser(email: string) {
    const client = t.client();
    const user = await client.register(email);
    const now = t.clock.now();
    await t.database.db.insert(accessGrants).values({
      userId: user.id,
      planId: 'pro',
      source: 'admin_grant',
      sourceRef: `report-${email}`,
      startsAt: now,
      endsAt: new Date(now.getTime() + 24 * 3600 * 1000),
      createdAt: now,
      updatedAt: now,
    });
    return client;
  }

  const expected = (length: number) =>
    Array.from({ length: 7 }, (_, day) => ({ day, value: ((length * (day + 3)) % 17) + 3 }));

  it("answers each user's own series and the time of the request", async () => {
    const short = await proUser('ab@example.com');
    const long = await proUser('a-much-longer-name@example.com');
    const first = await short.get('/api/pro/report');
    expect(first.statusCode).toBe(200);
    expect(first.data).toEqual({
      title: 'Your weekly report',
      generatedAt: t.clock.now().toISOString(),
      series: expected('ab@example.com'.length),
    });
    // The compiled response serialiser writes exactly what JSON.stringify would (same keys, same order).
    expect(first.body).toBe(JSON.stringify({ success: true, data: first.data }));
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await long.get('/api/pro/report')).data.series).toEqual(
      expected('a-much-longer-name@example.com'.length),
    );
    t.clock.advance(60_000);
    const again = await short.get('/api/pro/report');
    expect(again.data.generatedAt).toBe(t.clock.now().toISOString());
    expect(again.data.series).toEqual(first.data.series);
  });

  it('refuses a user without the feature', async () => {
    const client = t.client();
    await client.register('free@example.com');
    expectErrorShape(await client.get('/api/pro/report'), 403, 'SUBSCRIPTION_INACTIVE');
  });
});

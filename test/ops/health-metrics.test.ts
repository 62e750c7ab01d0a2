import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /health', () => {
  it('answers 200 with the database check', async () => {
    const response = await t.client().get('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      success: true,
      data: { status: 'ok', checks: { db: 'ok', queue: 'ok', stripe: 'ok' } },
    });
  });

  it('answers 503 naming the database when it is down', async () => {
    const down = await startTestApp();
    await down.database.close();
    const response = await down.client().get('/health');
    expect(response.statusCode).toBe(503);
    expect(response.json).toMatchObject({
      success: false,
      code: 'UNHEALTHY',
      status: 503,
      checks: { db: 'unreachable' },
    });
    await down.app.close();
  });

  it('answers 503 naming Stripe when the payment provider is unreachable', async () => {
    const noStripe = await startTestApp();
    noStripe.deps.stripe.client = (await import('../../src/stripe/client.ts')).createStripeAccess({
      secretKey: 'sk_test_x',
      apiBase: 'http://127.0.0.1:9',
    }).client;
    const response = await noStripe.client().get('/health');
    expect(response.statusCode).toBe(503);
    expect(response.json.checks).toEqual({ db: 'ok', queue: 'ok', stripe: 'unreachable' });
    await noStripe.close();
  });
});

describe('GET /metrics', () => {
  it('counts requests and latencies by route pattern and status', async () => {
    await t.client().get('/health');
    await t.client().get('/api/profile');
    await t.client().get('/api/unknown-thing');
    const response = await t.client().get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toMatch(
      /http_requests_total\{method="GET",route="\/health",status_code="200"\} \d+/,
    );
    expect(response.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/profile",status_code="401"\} 1/,
    );
    expect(response.body).toMatch(
      /http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1/,
    );
    expect(response.body).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health",status_code="200"\}/,
    );
  });
});

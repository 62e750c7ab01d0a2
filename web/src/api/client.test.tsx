import { describe, expect, it } from 'vitest';
import { api } from './client';
import { ApiError } from './errors';
import { fail, mockApi, ok } from '../test/mock-api';

describe('api client', () => {
  it('unwraps the success envelope', async () => {
    mockApi({ 'GET /api/plans': ok({ plans: [] }) });
    await expect(api.get('/api/plans')).resolves.toEqual({ plans: [] });
  });

  it('turns the error envelope into an ApiError with code, status and sentence-case details', async () => {
    mockApi({
      'POST /api/register': fail(400, 'VALIDATION_FAILED', 'Check these fields: password.', {
        details: { password: 'must be at least 8 characters' },
      }),
      'GET /api/csrf': ok({ csrfToken: null }),
    });
    const error = await api.post('/api/register', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      message: 'Check these fields: password.',
      details: { password: 'Must be at least 8 characters' },
    });
  });

  it('omits the CSRF header when signed out and refreshes a stale token once', async () => {
    let attempts = 0;
    const { calls } = mockApi({
      'GET /api/csrf': () => ok({ csrfToken: attempts === 0 ? null : 'fresh' }),
      'POST /api/billing/resume': () => {
        attempts += 1;
        return attempts === 1 ? fail(403, 'CSRF_FAILED', 'Bad token.') : ok({ status: 'active' });
      },
    });
    await expect(api.post('/api/billing/resume')).resolves.toEqual({ status: 'active' });
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts[0]?.headers['X-CSRF-Token']).toBeUndefined();
    expect(posts[1]?.headers['X-CSRF-Token']).toBe('fresh');
  });

  it('reports network failures and non-JSON answers in words', async () => {
    mockApi({});
    globalThis.fetch = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    await expect(api.get('/api/plans')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
    globalThis.fetch = (() => Promise.resolve(new Response('<html>', { status: 502 }))) as typeof fetch;
    await expect(api.get('/api/plans')).rejects.toMatchObject({ code: 'INTERNAL', status: 502 });
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { billing, freeBilling, user } from '../../test/fixtures';
import { fail, mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';

describe('DashboardPage', () => {
  it('free users see the premium features locked with a call to upgrade', async () => {
    const { calls } = mockApi({
      'GET /api/profile': ok({ user: user({ billing: freeBilling }), csrfToken: 't' }),
    });
    renderApp('/dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada' })).toBeTruthy();
    const report = await screen.findByRole('region', { name: 'Your premium report' });
    expect(within(report).getByRole('link', { name: 'See plans' }).getAttribute('href')).toBe('/pricing');
    expect(calls.some((c) => c.path === '/api/pro/report')).toBe(false);
  });

  it('paid users get the report and can generate text', async () => {
    const { calls } = mockApi({
      // The profile's copy is stale (free); the status endpoint is what counts.
      'GET /api/profile': ok({ user: user({ billing: freeBilling }), csrfToken: 't' }),
      'GET /api/billing/status': ok(billing({})),
      'GET /api/pro/report': ok({
        title: 'Your weekly report',
        generatedAt: '2026-11-20T10:00:00.000Z',
        series: [
          { day: 0, value: 5 },
          { day: 1, value: 9 },
        ],
      }),
      'GET /api/ai/history': ok({ items: [] }),
      'POST /api/ai/generate': ok({ id: 'g1', prompt: 'Hello', output: 'Hi there!', createdAt: null }),
    });
    const { user: u } = renderApp('/dashboard');
    expect(await screen.findByText('Your weekly report')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Daily values' })).getByText('Day 2')).toBeTruthy();
    expect(await screen.findByText('Nothing generated yet.')).toBeTruthy();
    await u.click(screen.getByRole('button', { name: 'Generate' }));
    expect(screen.getByText('Write what you would like generated.')).toBeTruthy();
    await u.type(screen.getByLabelText('Prompt'), 'Hello');
    await u.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('Hi there!')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/ai/generate')?.body).toEqual({ prompt: 'Hello' });
  });

  it('a 403 SUBSCRIPTION_INACTIVE turns into an upgrade link to upgradeUrl', async () => {
    mockApi({
      // The profile's copy is stale (free); the status endpoint is what counts.
      'GET /api/profile': ok({ user: user({ billing: freeBilling }), csrfToken: 't' }),
      'GET /api/billing/status': ok(billing({})),
      'GET /api/pro/report': fail(403, 'SUBSCRIPTION_INACTIVE', 'Your plan does not include reports.', {
        upgradeUrl: '/pricing?from=report',
      }),
      'GET /api/ai/history': ok({ history: [] }),
    });
    renderApp('/dashboard');
    const report = await screen.findByRole('region', { name: 'Your premium report' });
    await waitFor(() => expect(within(report).getByText('Your plan does not include reports.')).toBeTruthy());
    expect(within(report).getByRole('link', { name: 'See plans' }).getAttribute('href')).toBe(
      '/pricing?from=report',
    );
  });
});

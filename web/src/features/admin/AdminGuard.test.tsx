import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { user } from '../../test/fixtures';
import { fail, mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';

const metrics = {
  mrr: 123456,
  arr: 1481472,
  currency: 'usd',
  activeSubscribers: 42,
  trialing: 5,
  pastDue: 2,
  churnRate30d: 0.031,
  trialConversionRate: 0.5,
  checkoutConversionRate: 0.25,
  failedPaymentRate: 0.02,
  series: [
    { date: '2026-10-01T00:00:00.000Z', mrr: 100000, activeSubscribers: 35 },
    { date: '2026-11-01T00:00:00.000Z', mrr: 123456, activeSubscribers: 42 },
  ],
  movements: [
    { month: '2026-11', new: 30000, expansion: 5000, contraction: 2000, churn: 9544, reactivation: 0 },
  ],
};

describe('admin console guard', () => {
  beforeEach(() => {
    // Recharts measures its container; jsdom has no layout, so a no-op observer is enough.
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
  });

  it('refuses non-admins with a not-allowed page and hides the nav link', async () => {
    const { calls } = mockApi({ 'GET /api/profile': ok({ user: user({ role: 'user' }), csrfToken: 't' }) });
    renderApp('/admin/users');
    expect(await screen.findByRole('heading', { level: 1, name: 'Not allowed' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(calls.some((c) => c.path.startsWith('/api/admin'))).toBe(false);
  });

  it('sends signed-out visitors to log in', async () => {
    mockApi({ 'GET /api/profile': fail(401, 'UNAUTHENTICATED', 'Please log in.') });
    renderApp('/admin');
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(`/login?next=${encodeURIComponent('/admin')}`),
    );
  });

  it('shows admins the overview with formatted money and rates', async () => {
    const { calls } = mockApi({
      'GET /api/profile': ok({ user: user({ role: 'admin' }), csrfToken: 't' }),
      'GET /api/admin/metrics': ok(metrics),
    });
    renderApp('/admin');
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    const figures = await screen.findByRole('list', { name: 'Key figures' });
    expect(within(figures).getByText('$1,234.56')).toBeTruthy();
    expect(within(figures).getByText('$14,814.72')).toBeTruthy();
    expect(within(figures).getByText('3.1%')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'MRR movements' })).toBeTruthy();
    expect(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Admin' }),
    ).toBeTruthy();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-10-01' } });
    await waitFor(() =>
      expect(calls.some((c) => c.path === '/api/admin/metrics?from=2026-10-01T00%3A00%3A00.000Z')).toBe(true),
    );
  });

  it('lists users with search and opens a user', async () => {
    const { calls } = mockApi({
      'GET /api/profile': ok({ user: user({ role: 'admin' }), csrfToken: 't' }),
      'GET /api/admin/users': ({ url }) =>
        ok({
          users:
            url.searchParams.get('q') === 'grace'
              ? [user({ id: 'u_2', email: 'grace@example.com' })]
              : [user()],
          total: 1,
        }),
    });
    const { user: u } = renderApp('/admin/users');
    expect(await screen.findByRole('link', { name: 'ada@example.com' })).toBeTruthy();
    await u.type(screen.getByLabelText('Search by e-mail or name'), 'grace');
    await u.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByRole('link', { name: 'grace@example.com' })).toBeTruthy();
    expect(calls.some((c) => c.path.includes('q=grace') && c.path.includes('page=1'))).toBe(true);
  });
});

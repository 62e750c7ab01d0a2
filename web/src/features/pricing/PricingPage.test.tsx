import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../ui/browser';
import { billing, plans, user } from '../../test/fixtures';
import { fail, mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';

const signedOut = fail(401, 'UNAUTHENTICATED', 'Please log in.');

describe('PricingPage', () => {
  it('shows monthly prices first and the yearly saving after toggling', async () => {
    mockApi({ 'GET /api/profile': signedOut, 'GET /api/plans': ok({ plans }) });
    const { user: u } = renderApp('/pricing');
    const pro = await screen.findByRole('listitem', { name: 'Pro' });
    expect(within(pro).getByText('$10.00')).toBeTruthy();
    expect(within(pro).queryByText(/Save/)).toBeNull();

    await u.click(screen.getByRole('radio', { name: /Yearly/ }));
    expect(within(pro).getByText('$100.00')).toBeTruthy();
    expect(within(pro).getByText('Save $20.00 a year (17%)')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Yearly (save up to 17%)' })).toBeTruthy();
  });

  it('offers a trial only when the plan has trial days, and passes', async () => {
    mockApi({ 'GET /api/profile': signedOut, 'GET /api/plans': ok({ plans }) });
    renderApp('/pricing');
    const pro = await screen.findByRole('listitem', { name: 'Pro' });
    const team = screen.getByRole('listitem', { name: 'Team' });
    expect(within(pro).getByRole('button', { name: 'Start 14-day free trial' })).toBeTruthy();
    expect(within(pro).getByRole('button', { name: /Buy a 30-day Pro pass for \$5.00/ })).toBeTruthy();
    expect(within(team).getByRole('button', { name: 'Subscribe' })).toBeTruthy();
    expect(within(pro).getByText('AI generator')).toBeTruthy();
    const free = screen.getByRole('listitem', { name: 'Free' });
    expect(within(free).getByRole('link', { name: 'Sign up free' }).getAttribute('href')).toBe('/register');
  });

  it('sends signed-out visitors to log in and back', async () => {
    mockApi({ 'GET /api/profile': signedOut, 'GET /api/plans': ok({ plans }) });
    const { user: u } = renderApp('/pricing');
    await u.click(await screen.findByRole('button', { name: 'Subscribe' }));
    expect(screen.getByTestId('location').textContent).toBe(
      `/login?next=${encodeURIComponent('/pricing?checkout=price_team_month')}`,
    );
  });

  it('opens Stripe Checkout for a signed-in user', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {});
    const { calls } = mockApi({
      'GET /api/profile': ok({ user: user(), csrfToken: 'tok' }),
      'GET /api/plans': ok({ plans }),
      'POST /api/billing/checkout': ok({
        checkoutUrl: 'https://checkout.test/s_1',
        sessionId: 's_1',
        expiresAt: '',
      }),
    });
    const { user: u } = renderApp('/pricing');
    await u.click(await screen.findByRole('button', { name: 'Subscribe' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://checkout.test/s_1'));
    expect(calls.find((c) => c.path === '/api/billing/checkout')?.body).toEqual({
      priceId: 'price_team_month',
    });
  });

  it('marks the current plan and offers switching for subscribers', async () => {
    mockApi({
      'GET /api/profile': ok({ user: user(), csrfToken: 'tok' }),
      'GET /api/billing/status': ok(billing({})),
      'GET /api/plans': ok({ plans }),
    });
    renderApp('/pricing');
    const pro = await screen.findByRole('listitem', { name: 'Pro' });
    await waitFor(() => expect(within(pro).getByText('Current plan')).toBeTruthy());
    expect(within(pro).getByRole('link', { name: 'Manage your plan' })).toBeTruthy();
    const team = screen.getByRole('listitem', { name: 'Team' });
    expect(within(team).getByRole('link', { name: 'Switch to Team' }).getAttribute('href')).toBe(
      '/billing?changeTo=price_team_month',
    );
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { billing, freeBilling, user } from '../../test/fixtures';
import { mockApi, ok } from '../../test/mock-api';
import { renderApp } from '../../test/render';

describe('checkout success and cancel', () => {
  it('polls the session until it is complete and names the plan', async () => {
    let polls = 0;
    const { calls } = mockApi({
      'GET /api/profile': ok({ user: user(), csrfToken: 't' }),
      'GET /api/billing/checkout/cs_1': () => {
        polls += 1;
        return polls < 2
          ? ok({ status: 'open', paymentStatus: 'unpaid', billing: freeBilling })
          : ok({
              status: 'complete',
              paymentStatus: 'paid',
              billing: billing({ plan: { id: 'pro', name: 'Pro' } }),
            });
      },
    });
    renderApp('/billing/success?session_id=cs_1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Confirming your payment…' })).toBeTruthy();
    expect(
      await screen.findByRole('heading', { level: 1, name: "You're Pro" }, { timeout: 4000 }),
    ).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/billing/checkout/cs_1').length).toBeGreaterThanOrEqual(2);
  });

  it('says so when the checkout expired', async () => {
    mockApi({
      'GET /api/profile': ok({ user: user(), csrfToken: 't' }),
      'GET /api/billing/checkout/cs_2': ok({
        status: 'expired',
        paymentStatus: 'unpaid',
        billing: freeBilling,
      }),
    });
    renderApp('/billing/success?session_id=cs_2');
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout expired' })).toBeTruthy();
  });

  it('the cancel page returns to pricing with a notice', async () => {
    mockApi({
      'GET /api/profile': ok({ user: user(), csrfToken: 't' }),
      'GET /api/plans': ok({ plans: [] }),
    });
    renderApp('/billing/cancel');
    expect(await screen.findByText('Checkout was canceled. You have not been charged.')).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/pricing');
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Billing } from '../../api/types';
import { browser } from '../../ui/browser';
import { billing, freeBilling, plans, user } from '../../test/fixtures';
import { fail, mockApi, ok, type Reply } from '../../test/mock-api';
import { renderApp } from '../../test/render';

const invoice = {
  id: 'in_1',
  number: 'TG-0001',
  status: 'paid',
  amountDue: 1000,
  amountPaid: 1000,
  currency: 'usd',
  createdAt: '2026-11-15T00:00:00.000Z',
  periodStart: '2026-11-15T00:00:00.000Z',
  periodEnd: '2026-12-15T00:00:00.000Z',
  hostedInvoiceUrl: 'https://invoice.test/in_1',
  invoicePdf: 'https://invoice.test/in_1.pdf',
};

function setup(status: Billing, extra: Record<string, Reply> = {}) {
  return mockApi({
    'GET /api/profile': ok({ user: user({ billing: status }), csrfToken: 'tok' }),
    'GET /api/billing/status': ok(status),
    'GET /api/plans': ok({ plans }),
    'GET /api/invoices': ok({ invoices: status.status === 'none' ? [] : [invoice], hasMore: false }),
    'GET /api/billing/payments': ok({
      payments:
        status.status === 'none'
          ? []
          : [
              {
                id: 'pl_1',
                kind: 'failure',
                amount: 1000,
                currency: 'usd',
                description: 'Pro monthly',
                invoiceId: 'in_1',
                failureMessage: 'Your card was declined.',
                occurredAt: '2026-11-15T10:00:00.000Z',
              },
            ],
    }),
    'GET /api/profile/email-preferences': ok({ reminders: true }),
    ...extra,
  });
}

async function planCard() {
  return within(await screen.findByRole('region', { name: /^(Free|Pro|Team) plan$/ }));
}

describe('BillingPage', () => {
  it('free: says so, links to pricing and shows empty lists', async () => {
    setup(freeBilling);
    renderApp('/billing');
    const card = await planCard();
    expect(card.getByRole('heading', { name: 'Free plan' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See plans' }).getAttribute('href')).toBe('/pricing');
    expect(await screen.findByText('No invoices yet.')).toBeTruthy();
    expect(await screen.findByText('No payments yet.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Change plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Manage payment methods' })).toBeNull();
  });

  it('trialing: shows the trial countdown', async () => {
    setup(billing({ status: 'trialing', trialEnd: '2026-12-01T00:00:00.000Z', daysRemaining: 6 }));
    renderApp('/billing');
    const card = await planCard();
    expect(card.getByText('Trial ends')).toBeTruthy();
    expect(card.getByText('6 days left')).toBeTruthy();
    expect(card.getByText('Trialing')).toBeTruthy();
  });

  it('active: shows the next billing date, invoices with links, change plan and cancel', async () => {
    setup(billing({}));
    renderApp('/billing');
    const card = await planCard();
    expect(card.getByText('Next billing date')).toBeTruthy();
    expect(card.getByText('Dec 15, 2026')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    const invoices = await screen.findByRole('region', { name: 'Invoice list' });
    expect(within(invoices).getByRole('link', { name: /PDF/ }).getAttribute('href')).toBe(
      'https://invoice.test/in_1.pdf',
    );
    expect(await screen.findByRole('heading', { name: 'Change plan' })).toBeTruthy();
    // Only the price being paid is marked, not the other billing period of the same plan.
    expect(screen.getAllByText('(your plan)')).toHaveLength(1);
    expect(screen.getByText('(your plan)').closest('label')?.querySelector('input')?.value).toBe(
      'price_pro_month',
    );
    const payments = await screen.findByRole('region', { name: 'Payment list' });
    expect(within(payments).getByText('Your card was declined.')).toBeTruthy();
    expect(within(payments).getByText('Failed')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Cancel subscription' })).toBeTruthy();
  });

  it('past_due: warns and retries the payment', async () => {
    const { calls } = setup(billing({ status: 'past_due' }), {
      'GET /api/csrf': ok({ csrfToken: 'tok' }),
      'POST /api/billing/retry-payment': ok(billing({ status: 'active' })),
    });
    const { user: u } = renderApp('/billing');
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Your last payment failed');
    expect(within(banner).getByRole('button', { name: 'Update card' })).toBeTruthy();
    await u.click(within(banner).getByRole('button', { name: 'Retry payment' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path === '/api/billing/retry-payment')).toBe(true),
    );
    expect(await screen.findByText('Next billing date')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Your last payment failed')).toBeNull());
  });

  it('pending cancel: shows when access ends and resumes', async () => {
    setup(billing({ cancelAtPeriodEnd: true, autoRenew: false }), {
      'POST /api/billing/resume': ok(billing({})),
    });
    const { user: u } = renderApp('/billing');
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Your subscription is set to cancel');
    expect(banner.textContent).toContain('Dec 15, 2026');
    expect(screen.queryByRole('heading', { name: 'Cancel subscription' })).toBeNull();
    await u.click(within(banner).getByRole('button', { name: 'Resume subscription' }));
    await waitFor(() => expect(screen.queryByText('Your subscription is set to cancel')).toBeNull());
  });

  it('expired: says access ended and offers plans', async () => {
    setup(
      billing({ status: 'expired', isPro: false, accessUntil: '2026-10-01T00:00:00.000Z', autoRenew: false }),
    );
    renderApp('/billing');
    expect(await screen.findByText('Your access has ended')).toBeTruthy();
    const card = await planCard();
    expect(card.getByText('Access ended')).toBeTruthy();
    expect(card.getByText('Oct 1, 2026')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See plans' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Change plan' })).toBeNull();
  });

  it('previews the proration before changing plan', async () => {
    const { calls } = setup(billing({}), {
      'GET /api/billing/change-plan/preview': ok({
        amountDue: 1250,
        currency: 'usd',
        lines: [
          { description: 'Unused time on Pro', amount: -500 },
          { description: 'Remaining time on Team', amount: 1750 },
        ],
        nextBillingAt: '2026-12-15T00:00:00.000Z',
      }),
      'POST /api/billing/change-plan': ok(billing({ plan: { id: 'team', name: 'Team' }, tier: 'team' })),
    });
    const { user: u } = renderApp('/billing?changeTo=price_team_month');
    expect(await screen.findByText('Unused time on Pro')).toBeTruthy();
    expect(screen.getByText('-$5.00')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/billing/change-plan/preview?priceId=price_team_month')).toBe(
      true,
    );
    await u.click(screen.getByRole('button', { name: 'Confirm and pay $12.50' }));
    expect(await screen.findByText('Plan changed. You are now on Team.')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/billing/change-plan')?.body).toEqual({
      priceId: 'price_team_month',
    });
  });

  it('cancels at period end with the reason and feedback after confirming', async () => {
    const { calls } = setup(billing({}), {
      'POST /api/billing/cancel': ok(billing({ cancelAtPeriodEnd: true, autoRenew: false })),
    });
    const { user: u } = renderApp('/billing');
    await u.selectOptions(await screen.findByLabelText('Why are you leaving?'), 'too_expensive');
    await u.type(screen.getByLabelText(/Anything we could do better/), 'Cheaper yearly plan please');
    await u.click(screen.getByRole('button', { name: 'Cancel subscription' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel your subscription?' });
    await u.click(within(dialog).getByRole('button', { name: 'Yes, cancel' }));
    expect(await screen.findByText('Your subscription is set to cancel')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/billing/cancel')?.body).toEqual({
      atPeriodEnd: true,
      reason: 'too_expensive',
      feedback: 'Cheaper yearly plan please',
    });
  });

  it('opens the customer portal', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {});
    const { calls } = setup(billing({}), {
      'POST /api/billing/portal': ok({ url: 'https://portal.test/p' }),
    });
    const { user: u } = renderApp('/billing');
    await u.click(await screen.findByRole('button', { name: 'Manage payment methods' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://portal.test/p'));
    expect(calls.find((c) => c.path === '/api/billing/portal')?.body).toEqual({ returnUrl: '/billing' });
  });

  it('shows the API error in words when billing cannot load', async () => {
    setup(freeBilling, {
      'GET /api/billing/status': fail(
        503,
        'PAYMENT_PROVIDER_UNAVAILABLE',
        'Stripe is not answering right now.',
      ),
    });
    renderApp('/billing');
    expect((await screen.findByText(/Stripe is not answering right now\./)).textContent).toContain(
      'Could not load',
    );
  });

  it('sends the visitor to log in when the session ended meanwhile', async () => {
    setup(billing({}), { 'GET /api/billing/status': fail(401, 'UNAUTHENTICATED', 'Please log in.') });
    renderApp('/billing');
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(
        `/login?next=${encodeURIComponent('/billing')}`,
      ),
    );
  });
});

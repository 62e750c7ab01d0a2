import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { billing, plans, user } from '../../test/fixtures';
import { mockApi, ok, type Reply } from '../../test/mock-api';
import { renderApp } from '../../test/render';

const admin = ok({ user: user({ id: 'admin', role: 'admin' }), csrfToken: 'tok' });

function setup(extra: Record<string, Reply | ((r: { url: URL }) => Reply)>) {
  return mockApi({ 'GET /api/profile': admin, 'GET /api/plans': ok({ plans }), ...extra });
}

describe('admin actions', () => {
  beforeEach(() => undefined);

  it('replays a webhook event after confirming', async () => {
    const { calls } = setup({
      'GET /api/admin/webhook-events': ok({
        events: [
          {
            id: 'evt_1',
            type: 'invoice.payment_failed',
            processed: false,
            error: 'Handler threw',
            payload: { id: 'evt_1' },
          },
        ],
        total: 1,
      }),
      'POST /api/admin/webhook-events/evt_1/replay': ok({ status: 'processed' }),
    });
    const { user: u } = renderApp('/admin/webhooks');
    expect(await screen.findByText('Handler threw')).toBeTruthy();
    await u.selectOptions(screen.getByLabelText('Processed'), 'false');
    await waitFor(() => expect(calls.some((c) => c.path.includes('processed=false'))).toBe(true));
    await u.click(screen.getByRole('button', { name: 'Replay evt_1' }));
    const dialog = screen.getByRole('dialog', { name: 'Replay this event?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await u.click(within(dialog).getByRole('button', { name: 'Replay' }));
    expect(await screen.findByText('Replay processed.')).toBeTruthy();
    expect(
      calls.some((c) => c.method === 'POST' && c.path === '/api/admin/webhook-events/evt_1/replay'),
    ).toBe(true);
  });

  it('grants a subscription and refunds a payment from the user page', async () => {
    const { calls } = setup({
      'GET /api/admin/users/u_1': ok({ user: user() }),
      'GET /api/admin/users/u_1/subscription': ok({
        ...billing({}),
        stripeCustomerId: 'cus_1',
        stripeSubscriptionId: 'sub_1',
        history: [],
      }),
      'GET /api/admin/payments': ok({
        payments: [
          {
            id: 'pay_1',
            amount: 1000,
            currency: 'usd',
            status: 'succeeded',
            createdAt: '2026-11-01T00:00:00Z',
          },
        ],
        total: 1,
      }),
      'PUT /api/admin/users/u_1/subscription': ok({
        message: 'Granted Pro for 3 months.',
        subscriptionId: 's',
        status: 'active',
      }),
      'POST /api/admin/payments/pay_1/refund': ok({ status: 'refunded' }),
    });
    const { user: u } = renderApp('/admin/users/u_1');
    expect(await screen.findByRole('heading', { level: 1, name: 'ada@example.com' })).toBeTruthy();
    expect(await screen.findByText('cus_1')).toBeTruthy();

    const months = screen.getByLabelText('Duration in months');
    await u.clear(months);
    await u.click(screen.getByRole('button', { name: 'Grant…' }));
    expect(screen.getByText('Enter 1 to 120 months.')).toBeTruthy();
    await u.type(months, '3');
    await u.type(screen.getByLabelText(/Comment/), 'Goodwill');
    await u.click(screen.getByRole('button', { name: 'Grant…' }));
    await u.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Grant' }));
    expect(await screen.findByText('Granted Pro for 3 months.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      tier: 'pro',
      durationMonths: 3,
      isPaid: false,
      autoRenew: false,
      comment: 'Goodwill',
    });

    await u.click(await screen.findByRole('button', { name: 'Refund $10.00' }));
    await u.click(
      within(screen.getByRole('dialog', { name: 'Refund this payment?' })).getByRole('button', {
        name: 'Refund',
      }),
    );
    expect(await screen.findByText('Refund refunded.')).toBeTruthy();
  });
});

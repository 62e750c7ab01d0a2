import { describe, expect, it } from 'vitest';
import { passWindow } from '../../../src/billing/domain/access.ts';
import { buildBillingView } from '../../../src/billing/domain/billing-view.ts';
import { loadCatalog } from '../../../src/catalog/catalog.ts';

const catalog = loadCatalog();
const now = new Date('2026-06-10T12:00:00Z');
const day = 24 * 3600 * 1000;
const at = (days: number) => new Date(now.getTime() + days * day);
const grant = (
  planId: string,
  source: 'subscription' | 'one_time' | 'admin_grant',
  from: number,
  to: number | null,
  status: 'active' | 'ended' = 'active',
) => ({
  planId,
  source,
  startsAt: at(from),
  endsAt: to === null ? null : at(to),
  status,
});
const subscription = (status: string, extra = {}) => ({
  status,
  currentPeriodStart: at(-10),
  currentPeriodEnd: at(20),
  cancelAtPeriodEnd: false,
  trialEnd: null,
  paused: false,
  endReason: null,
  priceId: 'pro_monthly',
  ...extra,
});

describe('buildBillingView', () => {
  it('free with no history is status none', () => {
    expect(buildBillingView({ grants: [], subscription: undefined, catalog, now })).toMatchObject({
      plan: null,
      tier: 'free',
      isPro: false,
      status: 'none',
      features: ['basic_tracking'],
      source: null,
      daysRemaining: null,
    });
  });

  it('an active subscription renews: no access end, auto-renew on', () => {
    const view = buildBillingView({
      grants: [grant('pro', 'subscription', -10, 21)],
      subscription: subscription('active'),
      catalog,
      now,
    });
    expect(view).toMatchObject({
      tier: 'pro',
      isPro: true,
      status: 'active',
      autoRenew: true,
      accessUntil: null,
      cancelAtPeriodEnd: false,
      priceId: 'pro_monthly',
    });
    expect(view.currentPeriodEnd).toBe(at(20).toISOString());
  });

  it('a trial shows its end', () => {
    const view = buildBillingView({
      grants: [grant('pro', 'subscription', -1, 14)],
      subscription: subscription('trialing', { trialEnd: at(13) }),
      catalog,
      now,
    });
    expect(view).toMatchObject({ status: 'trialing', trialEnd: at(13).toISOString() });
  });

  it('a pending cancel keeps access until the period end and counts the days', () => {
    const view = buildBillingView({
      grants: [grant('pro', 'subscription', -10, 20)],
      subscription: subscription('active', { cancelAtPeriodEnd: true }),
      catalog,
      now,
    });
    expect(view).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      autoRenew: false,
      accessUntil: at(20).toISOString(),
      daysRemaining: 20,
    });
  });

  it('past_due keeps access and says so', () => {
    const view = buildBillingView({
      grants: [grant('pro', 'subscription', -10, null)],
      subscription: subscription('past_due'),
      catalog,
      now,
    });
    expect(view).toMatchObject({ tier: 'pro', status: 'past_due', autoRenew: true });
  });

  it('canceled by Stripe after failed payments reads canceled; an ended window reads expired', () => {
    const gaveUp = buildBillingView({
      grants: [],
      subscription: subscription('canceled', { endReason: 'payment_failed' }),
      catalog,
      now,
      hadAccess: true,
    });
    expect(gaveUp).toMatchObject({
      tier: 'free',
      status: 'canceled',
      autoRenew: false,
      currentPeriodEnd: null,
      priceId: null,
    });
    const ran = buildBillingView({
      grants: [],
      subscription: subscription('canceled', { endReason: 'cancellation_requested' }),
      catalog,
      now,
      hadAccess: true,
    });
    expect(ran.status).toBe('expired');
    expect(
      buildBillingView({ grants: [], subscription: undefined, catalog, now, hadAccess: true }).status,
    ).toBe('expired');
  });

  it('the higher plan wins, and stacked passes count to the end of the chain', () => {
    const view = buildBillingView({
      grants: [
        grant('pro', 'one_time', -5, 25),
        grant('pro', 'one_time', 25, 55),
        grant('premium', 'admin_grant', -1, 3),
      ],
      subscription: undefined,
      catalog,
      now,
    });
    expect(view).toMatchObject({
      tier: 'premium',
      source: 'admin_grant',
      status: 'active',
      accessUntil: at(55).toISOString(),
      daysRemaining: 55,
    });
  });
});

describe('passWindow', () => {
  it('starts now without access, after the latest end with access', () => {
    expect(passWindow([], 30, now)).toEqual({ startsAt: now, endsAt: at(30) });
    expect(passWindow([grant('pro', 'one_time', -5, 10)], 30, now)).toEqual({
      startsAt: at(10),
      endsAt: at(40),
    });
    expect(passWindow([grant('pro', 'one_time', -40, -10, 'ended')], 30, now)).toEqual({
      startsAt: now,
      endsAt: at(30),
    });
  });
});

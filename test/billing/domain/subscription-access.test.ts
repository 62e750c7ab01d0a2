import { describe, expect, it } from 'vitest';
import {
  isOnGracePeriod,
  RENEWAL_LEEWAY_MS,
  subscriptionAccess,
} from '../../../src/billing/domain/subscription-access.ts';
import { decide, nextWatermark, orderEvent } from '../../../src/billing/domain/event-order.ts';
import { monthlyAmount } from '../../../src/billing/domain/mrr.ts';

const start = new Date('2026-03-01T00:00:00Z');
const end = new Date('2026-04-01T00:00:00Z');
const sub = (status: string, extra: Partial<{ cancelAtPeriodEnd: boolean; paused: boolean }> = {}) => ({
  status,
  currentPeriodStart: start,
  currentPeriodEnd: end,
  cancelAtPeriodEnd: false,
  paused: false,
  ...extra,
});
const policy = { pastDueGraceDays: null };

describe('what each subscription status means for access', () => {
  it('trialing and active give access to the period end plus a renewal leeway', () => {
    for (const status of ['trialing', 'active']) {
      expect(subscriptionAccess(sub(status), policy)).toEqual({
        endsAt: new Date(end.getTime() + RENEWAL_LEEWAY_MS),
      });
    }
  });

  it('cancel at period end gives access exactly until the period end', () => {
    expect(subscriptionAccess(sub('active', { cancelAtPeriodEnd: true }), policy)).toEqual({ endsAt: end });
    expect(
      isOnGracePeriod(sub('active', { cancelAtPeriodEnd: true }), new Date('2026-03-15T00:00:00Z')),
    ).toBe(true);
    expect(
      isOnGracePeriod(sub('active', { cancelAtPeriodEnd: true }), new Date('2026-04-02T00:00:00Z')),
    ).toBe(false);
  });

  it('past_due gives open-ended access while Stripe retries, or a configured grace', () => {
    expect(subscriptionAccess(sub('past_due'), policy)).toEqual({ endsAt: null });
    expect(subscriptionAccess(sub('past_due'), { pastDueGraceDays: 3 })).toEqual({
      endsAt: new Date('2026-03-04T00:00:00Z'),
    });
  });

  it.each(['unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused', 'something_new'])(
    '%s gives none',
    (status) => {
      expect(subscriptionAccess(sub(status), policy)).toBeNull();
    },
  );

  it('paused collection gives none even while the status says active', () => {
    expect(subscriptionAccess(sub('active', { paused: true }), policy)).toBeNull();
  });
});

describe('event ordering', () => {
  it('applies newer events, drops older ones and re-fetches on a tie', () => {
    expect(orderEvent(undefined, 100)).toBe('apply');
    expect(orderEvent(100, 101)).toBe('apply');
    expect(orderEvent(100, 99)).toBe('stale');
    expect(orderEvent(100, 100)).toBe('refetch');
  });
});

describe('event order against fetched states', () => {
  it('an event after a fetched state re-fetches; a re-fetch for an event covers it', () => {
    expect(decide(undefined, { kind: 'event', created: 5 })).toBe('apply');
    expect(decide({ lastEventAt: 0, fetched: true }, { kind: 'event', created: 5 })).toBe('refetch');
    expect(decide({ lastEventAt: 9, fetched: false }, { kind: 'event', created: 5 })).toBe('stale');
    expect(decide({ lastEventAt: 9, fetched: false }, { kind: 'fetch' })).toBe('apply');
    expect(nextWatermark({ lastEventAt: 9, fetched: false }, { kind: 'fetch' })).toEqual({
      lastEventAt: 9,
      fetched: true,
    });
    expect(nextWatermark({ lastEventAt: 0, fetched: true }, { kind: 'refetch', created: 5 })).toEqual({
      lastEventAt: 5,
      fetched: false,
    });
    expect(nextWatermark({ lastEventAt: 7, fetched: false }, { kind: 'event', created: 5 })).toEqual({
      lastEventAt: 7,
      fetched: false,
    });
  });
});

describe('MRR', () => {
  it('spreads yearly prices over 12 months and ignores one-time prices', () => {
    expect(monthlyAmount(900, 'month')).toBe(900);
    expect(monthlyAmount(9000, 'year')).toBe(750);
    expect(monthlyAmount(1200, null)).toBe(0);
  });
});

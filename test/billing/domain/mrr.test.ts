import { describe, expect, it } from 'vitest';
import {
  discountedMrr,
  discountEndsAfter,
  discountTerms,
  inEffectAt,
  rememberDiscounts,
  type DiscountTerms,
} from '../../../src/billing/domain/mrr.ts';

const MARCH = Date.parse('2026-03-01T00:00:00Z');
const JUNE = Date.parse('2026-06-01T00:00:00Z');
const monthly = { amount: 1900, interval: 'month', currency: 'usd' };
const yearly = { amount: 19_000, interval: 'year', currency: 'usd' };

const terms = (overrides: Partial<DiscountTerms>): DiscountTerms => ({
  id: 'di_1',
  percentOff: null,
  amountOff: null,
  currency: null,
  duration: 'forever',
  start: MARCH,
  end: null,
  ...overrides,
});
const half = terms({ id: 'di_half', percentOff: 50 });
const fiveOff = terms({ id: 'di_five', amountOff: 500, currency: 'usd' });

describe('MRR after discounts', () => {
  it('a percent coupon takes its share of the amount billed', () => {
    expect(discountedMrr(monthly, [], MARCH)).toBe(1900);
    expect(discountedMrr(monthly, [half], MARCH)).toBe(950);
    expect(discountedMrr(monthly, [terms({ percentOff: 12.5 })], MARCH)).toBe(1662); // 1900 − 237.5 → 238
  });

  it('an amount coupon comes off the amount billed, in the same currency only, never below 0', () => {
    expect(discountedMrr(monthly, [fiveOff], MARCH)).toBe(1400);
    expect(discountedMrr({ ...monthly, currency: 'eur' }, [fiveOff], MARCH)).toBe(1900);
    expect(discountedMrr(monthly, [terms({ amountOff: 5000, currency: 'usd' })], MARCH)).toBe(0);
    expect(discountedMrr(monthly, [terms({ percentOff: 100 })], MARCH)).toBe(0);
  });

  it('a yearly price is discounted per invoice, then spread over 12 months', () => {
    expect(discountedMrr(yearly, [half], MARCH)).toBe(792); // 9500 / 12
    expect(discountedMrr(yearly, [fiveOff], MARCH)).toBe(1542); // (19000 − 500) / 12
  });

  it('several discounts apply in order, each to what is left', () => {
    expect(discountedMrr(monthly, [fiveOff, half], MARCH)).toBe(700);
    expect(discountedMrr(monthly, [half, fiveOff], MARCH)).toBe(450);
  });

  it('a repeating discount applies until its end; once never counts; forever always', () => {
    const threeMonths = terms({ percentOff: 50, duration: 'repeating', end: JUNE });
    expect(discountedMrr(monthly, [threeMonths], JUNE - 1)).toBe(950);
    expect(discountedMrr(monthly, [threeMonths], JUNE)).toBe(1900);
    expect(inEffectAt(terms({ percentOff: 50, duration: 'once' }), MARCH)).toBe(false);
    expect(discountedMrr(monthly, [terms({ percentOff: 50, duration: 'once' })], MARCH)).toBe(1900);
    expect(discountedMrr(monthly, [half], Date.parse('2036-01-01T00:00:00Z'))).toBe(950);
  });

  it('no interval (a one-time price) is no MRR, discounted or not', () => {
    expect(discountedMrr({ amount: 1200, interval: null, currency: 'usd' }, [half], MARCH)).toBe(0);
  });
});

describe('discount terms', () => {
  it('come from a Stripe discount (seconds) and its coupon; only repeating keeps an end', () => {
    const discount = { id: 'di_x', start: MARCH / 1000, end: JUNE / 1000 };
    expect(
      discountTerms(discount, { percent_off: 25, amount_off: null, currency: null, duration: 'repeating' }),
    ).toEqual({
      id: 'di_x',
      percentOff: 25,
      amountOff: null,
      currency: null,
      duration: 'repeating',
      start: MARCH,
      end: JUNE,
    });
    const once = discountTerms(
      { ...discount, end: null },
      { percent_off: null, amount_off: 300, currency: 'usd', duration: 'once' },
    );
    expect(once).toMatchObject({ duration: 'once', amountOff: 300, currency: 'usd', end: null });
    expect(
      discountTerms(discount, { percent_off: 10, amount_off: null, currency: null, duration: 'forever' }).end,
    ).toBeNull();
  });

  it('the instants where a discount stops lowering MRR, after a given one', () => {
    const a = terms({ id: 'a', duration: 'repeating', end: JUNE });
    const b = terms({ id: 'b', duration: 'repeating', end: MARCH });
    expect(discountEndsAfter([a, b, half, a], MARCH - 1)).toEqual([MARCH, JUNE]);
    expect(discountEndsAfter([a, b], MARCH)).toEqual([JUNE]);
    expect(discountEndsAfter([half, terms({ duration: 'once' })], 0)).toEqual([]);
  });

  it('the mirror remembers past discounts for history and marks the ones still on it', () => {
    const first = rememberDiscounts(undefined, [half]);
    expect(first).toEqual([{ ...half, current: true }]);
    const second = rememberDiscounts(first, [fiveOff]);
    expect(second).toEqual([
      { ...fiveOff, current: true },
      { ...half, current: false },
    ]);
    expect(rememberDiscounts(second, [half])).toEqual([
      { ...half, current: true },
      { ...fiveOff, current: false },
    ]);
  });
});

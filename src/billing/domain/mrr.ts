/** Monthly recurring revenue of one subscription, in minor units: yearly prices are spread over 12 months. */
export function monthlyAmount(amount: number, interval: string | null): number {
  if (interval === 'year') return Math.round(amount / 12);
  if (interval === 'month') return amount;
  return 0;
}

/**
 * A Stripe discount on a subscription as MRR needs it (a discount never changes once applied, so its
 * terms can be kept by id). Times are epoch milliseconds.
 */
export interface DiscountTerms {
  id: string;
  percentOff: number | null;
  /** Minor units of `currency`, off each invoice. */
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  start: number;
  /** When a `repeating` discount stops applying. */
  end: number | null;
}

export interface CouponLike {
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: string;
}

/** Terms of a Stripe discount (times in seconds) and its coupon. */
export function discountTerms(
  discount: { id: string; start: number; end: number | null },
  coupon: CouponLike,
): DiscountTerms {
  const duration =
    coupon.duration === 'once' || coupon.duration === 'repeating' ? coupon.duration : 'forever';
  return {
    id: discount.id,
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    duration,
    start: discount.start * 1000,
    end: duration === 'repeating' && discount.end !== null ? discount.end * 1000 : null,
  };
}

/**
 * Whether a discount the subscription carries lowers its MRR at `at`. A `once` coupon discounts a
 * single invoice, which is not recurring revenue (Stripe's default for MRR); `repeating` lowers it
 * until its end, `forever` always.
 */
export function inEffectAt(discount: DiscountTerms, at: number): boolean {
  if (discount.duration === 'once') return false;
  return discount.end === null || at < discount.end;
}

/**
 * MRR of a paying subscription at `at`: each discount in effect comes off the amount billed per
 * interval, in order and never below 0 (an `amount_off` only in the subscription's currency), then
 * the result is normalised to a month.
 */
export function discountedMrr(
  price: { amount: number; interval: string | null; currency: string },
  discounts: readonly DiscountTerms[],
  at: number,
): number {
  let amount = price.amount;
  for (const discount of discounts) {
    if (!inEffectAt(discount, at)) continue;
    if (discount.percentOff !== null) amount -= Math.round((amount * discount.percentOff) / 100);
    else if (discount.amountOff !== null && discount.currency === price.currency)
      amount -= Math.min(amount, discount.amountOff);
  }
  return monthlyAmount(Math.max(0, amount), price.interval);
}

/** The instants after `at` when one of these discounts stops applying (the MRR changes then). */
export const discountEndsAfter = (discounts: readonly DiscountTerms[], at: number) =>
  [
    ...new Set(
      discounts
        .filter((d) => d.duration === 'repeating')
        .map((d) => d.end)
        .filter((end): end is number => end !== null && end > at),
    ),
  ].sort((a, b) => a - b);

/** A discount as the mirror keeps it: `current` while the subscription still carries it. */
export interface SubscriptionDiscount extends DiscountTerms {
  current: boolean;
}

/** The discounts now on a subscription first, then those it had before (kept for its MRR history). */
export function rememberDiscounts(
  known: readonly SubscriptionDiscount[] | undefined,
  current: readonly DiscountTerms[],
): SubscriptionDiscount[] {
  const ids = new Set(current.map((d) => d.id));
  return [
    ...current.map((d) => ({ ...d, current: true })),
    ...(known ?? []).filter((d) => !ids.has(d.id)).map((d) => ({ ...d, current: false })),
  ];
}

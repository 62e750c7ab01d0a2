import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { addMonths } from './periods.ts';

/** A coupon as applied to a customer's subscription or checkout, with when it stops applying. */
export interface AppliedDiscount {
  id: string;
  coupon: Stripe.Coupon;
  promotionCode: string | null;
  start: number;
  end: number | null;
}

export function discountAmount(discount: AppliedDiscount, amount: number): number {
  if (amount <= 0) return 0;
  const { coupon } = discount;
  if (coupon.percent_off !== null) return Math.round((amount * coupon.percent_off) / 100);
  return Math.min(amount, coupon.amount_off ?? 0);
}

/** `once` applies to the first invoice only, `repeating` for N months, `forever` always. */
export function discountEnd(coupon: Stripe.Coupon, start: number): number | null {
  if (coupon.duration === 'once') return start + 1;
  if (coupon.duration === 'repeating') return addMonths(start, coupon.duration_in_months ?? 1);
  return null;
}

export function isActiveAt(discount: AppliedDiscount, time: number): boolean {
  return discount.end === null || time < discount.end;
}

export function discountObject(
  discount: AppliedDiscount,
  customer: string,
  subscription: string | null,
): Stripe.Discount {
  return {
    id: discount.id,
    object: 'discount',
    checkout_session: null,
    customer,
    customer_account: null,
    end: discount.end,
    invoice: null,
    invoice_item: null,
    promotion_code: discount.promotionCode,
    source: { coupon: discount.coupon.id, type: 'coupon' },
    start: discount.start,
    subscription,
    subscription_item: null,
  };
}

/** The discount a subscription carries, if still in force at `time`. */
export function subscriptionDiscount(
  emulator: Emulator,
  subscriptionId: string,
  time: number,
): AppliedDiscount | null {
  const stored = emulator.db.subscriptionState.get(subscriptionId)?.discount;
  if (!stored) return null;
  const coupon = emulator.db.coupons.get(stored.coupon);
  if (!coupon) return null;
  const discount: AppliedDiscount = {
    id: `di_${subscriptionId.slice(4)}`,
    coupon,
    promotionCode: stored.promotionCode,
    start: 0,
    end: stored.endsAt,
  };
  return isActiveAt(discount, time) ? discount : null;
}

/** A subscription's discount by id (`di_` + the subscription id's tail), for `expand[]=discounts`. */
export function discountById(emulator: Emulator, id: string): Stripe.Discount | undefined {
  const subscriptionId = `sub_${id.slice(3)}`;
  const subscription = emulator.db.subscriptions.get(subscriptionId);
  const stored = emulator.db.subscriptionState.get(subscriptionId)?.discount;
  const coupon = stored ? emulator.db.coupons.get(stored.coupon) : undefined;
  if (!subscription || !stored || !coupon) return undefined;
  const applied = {
    id,
    coupon,
    promotionCode: stored.promotionCode,
    start: subscription.start_date,
    // Stripe gives an end only to `repeating` discounts.
    end: coupon.duration === 'repeating' ? stored.endsAt : null,
  };
  return discountObject(applied, String(subscription.customer), subscriptionId);
}

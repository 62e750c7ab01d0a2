import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

/** A subscription with its discounts and their coupons: events carry only the discounts' ids. */
export const retrieveSubscriptionDiscounts = async (stripe: Stripe, id: string): Promise<Stripe.Discount[]> =>
  (
    await callStripe(() => stripe.subscriptions.retrieve(id, { expand: ['discounts.source.coupon'] }))
  ).discounts.filter((d): d is Stripe.Discount => typeof d !== 'string');

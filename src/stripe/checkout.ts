import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

export function createCheckoutSession(
  stripe: Stripe,
  params: Stripe.Checkout.SessionCreateParams,
  idempotencyKey: string,
) {
  return callStripe(() => stripe.checkout.sessions.create(params, { idempotencyKey }));
}

export function retrieveCheckoutSession(stripe: Stripe, sessionId: string) {
  return callStripe(() => stripe.checkout.sessions.retrieve(sessionId));
}

export function findPromotionCode(stripe: Stripe, code: string) {
  return callStripe(async () => (await stripe.promotionCodes.list({ code, active: true, limit: 1 })).data[0]);
}

export function createPortalSession(stripe: Stripe, input: { customerId: string; returnUrl: string }) {
  return callStripe(() =>
    stripe.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl }),
  );
}

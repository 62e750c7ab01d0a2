import type Stripe from 'stripe';
import { applyCheckoutSession } from '../../billing/sync/apply-checkout-session.ts';
import type { EventHandler } from './types.ts';

/** checkout.session.completed and async_payment_succeeded: the same path the success page uses. */
export const checkoutSessionCompleted: EventHandler = async (deps, event) => {
  const result = await applyCheckoutSession(deps, event.data.object as Stripe.Checkout.Session);
  return result === 'unknown_session' ? 'ignored' : 'processed';
};

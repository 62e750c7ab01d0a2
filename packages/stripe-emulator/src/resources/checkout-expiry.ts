import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';

export function expireCheckoutSession(
  emulator: Emulator,
  session: Stripe.Checkout.Session,
  at: number,
): void {
  session.status = 'expired';
  session.url = null;
  emulator.db.checkoutSessions.put(session);
  emulator.emit('checkout.session.expired', session, at);
}

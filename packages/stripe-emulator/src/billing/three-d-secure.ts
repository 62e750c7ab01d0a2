import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { completeSession, successUrl } from './checkout-complete.ts';
import { afterPayment } from './dunning.ts';
import { markPaid } from './invoice-lifecycle.ts';
import { settlePayment } from './payments.ts';

const FAILED = {
  code: 'payment_intent_authentication_failure',
  declineCode: 'authentication_failed',
  message:
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
};

/** The 3-D Secure page's Complete/Fail buttons. Returns where to send the browser next. */
export function finishThreeDSecure(
  emulator: Emulator,
  intent: Stripe.PaymentIntent,
  approved: boolean,
): string | null {
  const now = emulator.nowForCustomer(intent.customer as string | null);
  const method = emulator.db.paymentMethods.get(intent.payment_method as string);
  if (intent.status !== 'requires_action' || !method) return null;
  const outcome = settlePayment(emulator, intent, method, approved ? null : FAILED, now);
  const payment = emulator.db.invoicePayments.filter((row) => row.payment.payment_intent === intent.id)[0];
  const invoice = payment ? emulator.db.invoices.get(payment.invoice as string) : undefined;
  if (invoice) {
    if (outcome.status === 'succeeded') markPaid(emulator, invoice, now);
    else emulator.emit('invoice.payment_failed', invoice, now);
    afterPayment(emulator, invoice, outcome, now);
  }
  const session = emulator.db.checkoutState.filter((row) => row.awaitingIntent === intent.id)[0];
  const checkout = session ? emulator.db.checkoutSessions.get(session.id) : undefined;
  if (!checkout || !session) return null;
  if (outcome.status === 'succeeded') {
    completeSession(emulator, checkout, now);
    return successUrl(checkout);
  }
  session.awaitingIntent = null;
  session.lastError = FAILED.message;
  emulator.db.checkoutState.put(session);
  return `/checkout/${checkout.id}`;
}

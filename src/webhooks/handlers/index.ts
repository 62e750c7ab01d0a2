import { chargeRefunded } from './charge-refunded.ts';
import { checkoutSessionClosed } from './checkout-session-closed.ts';
import { checkoutSessionCompleted } from './checkout-session-completed.ts';
import { customerChanged } from './customer-changed.ts';
import { invoiceChanged } from './invoice-changed.ts';
import { subscriptionChanged } from './subscription-changed.ts';
import type { EventHandler } from './types.ts';

/** Event type → handler. Types not listed are acknowledged and recorded as ignored, never errors. */
export const eventHandlers: Record<string, EventHandler> = {
  'checkout.session.completed': checkoutSessionCompleted,
  'checkout.session.async_payment_succeeded': checkoutSessionCompleted,
  'checkout.session.async_payment_failed': checkoutSessionClosed,
  'checkout.session.expired': checkoutSessionClosed,
  'customer.subscription.created': subscriptionChanged,
  'customer.subscription.updated': subscriptionChanged,
  'customer.subscription.deleted': subscriptionChanged,
  'customer.subscription.paused': subscriptionChanged,
  'customer.subscription.resumed': subscriptionChanged,
  'customer.subscription.trial_will_end': subscriptionChanged,
  'invoice.paid': invoiceChanged,
  'invoice.payment_succeeded': invoiceChanged,
  'invoice.payment_failed': invoiceChanged,
  'invoice.payment_action_required': invoiceChanged,
  'invoice.finalized': invoiceChanged,
  'charge.refunded': chargeRefunded,
  'customer.updated': customerChanged,
  'customer.deleted': customerChanged,
};

export const HANDLED_EVENT_TYPES = Object.keys(eventHandlers);

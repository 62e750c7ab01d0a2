import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

/** Attaches a payment method (e.g. `pm_card_visa`) to the customer; returns the attached method's id. */
export async function attachPaymentMethod(stripe: Stripe, customerId: string, paymentMethodId: string) {
  const method = await callStripe(() =>
    stripe.paymentMethods.attach(paymentMethodId, { customer: customerId }),
  );
  return method.id;
}

/**
 * A subscription an admin starts for a customer, charged to the given payment method at once.
 * `requestId` makes a retried request create the same subscription, not a second one.
 */
export function createAdminSubscription(
  stripe: Stripe,
  input: {
    customerId: string;
    stripePriceId: string;
    paymentMethodId: string;
    cancelAtPeriodEnd: boolean;
    userId: string;
    requestId: string;
  },
) {
  return callStripe(() =>
    stripe.subscriptions.create(
      {
        customer: input.customerId,
        items: [{ price: input.stripePriceId }],
        default_payment_method: input.paymentMethodId,
        cancel_at_period_end: input.cancelAtPeriodEnd,
        payment_behavior: 'error_if_incomplete',
        metadata: { user_id: input.userId, created_by: 'admin' },
      },
      { idempotencyKey: `tollgate-admin-subscription-${input.requestId}` },
    ),
  );
}

import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

/** The idempotency key is per user, so a retried or doubled request gets the same customer back. */
export function createCustomer(
  stripe: Stripe,
  input: { userId: string; email: string; name: string | null; testClockId?: string | undefined },
) {
  return callStripe(() =>
    stripe.customers.create(
      {
        email: input.email,
        ...(input.name ? { name: input.name } : {}),
        metadata: { user_id: input.userId },
        ...(input.testClockId ? { test_clock: input.testClockId } : {}),
      },
      { idempotencyKey: `tollgate-customer-${input.userId}` },
    ),
  );
}

export function createTestClock(stripe: Stripe, input: { userId: string; frozenAt: Date }) {
  return callStripe(() =>
    stripe.testHelpers.testClocks.create(
      { frozen_time: Math.floor(input.frozenAt.getTime() / 1000), name: `tollgate user ${input.userId}` },
      { idempotencyKey: `tollgate-test-clock-${input.userId}` },
    ),
  );
}

import type Stripe from 'stripe';

/** Stripe's default: a signature older than 5 minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies the signature over the raw bytes; throws when it is missing, wrong or stale. Stripe signs
 * with the delivery's wall time (even for test-clock events), so freshness is judged by wall time,
 * not by the app's possibly simulated clock.
 */
export function verifyWebhook(
  stripe: Stripe,
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
): Stripe.Event {
  return stripe.webhooks.constructEvent(rawBody, signature ?? '', secret, SIGNATURE_TOLERANCE_SECONDS);
}

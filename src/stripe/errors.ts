import Stripe from 'stripe';
import { AppError } from '../platform/errors.ts';

export const paymentProviderUnavailable = () =>
  new AppError(
    503,
    'PAYMENT_PROVIDER_UNAVAILABLE',
    'The payment provider is not reachable right now; try again shortly.',
    {
      headers: { 'retry-after': '5' },
    },
  );

/**
 * Classifies a Stripe failure: retryable (network, 5xx, rate limit) → 503 so the client retries;
 * declined → 402 with the card's message; anything else is our bug or misconfiguration → rethrown.
 */
export function classifyStripeError(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  if (error instanceof Stripe.errors.StripeCardError) {
    return new AppError(402, 'PAYMENT_DECLINED', error.message || 'The card was declined.', {
      extra: { declineCode: error.decline_code ?? error.code ?? null },
    });
  }
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeIdempotencyError ||
    (error.statusCode ?? 0) >= 500
  ) {
    return paymentProviderUnavailable();
  }
  return error;
}

export const isStripeMissing = (error: unknown) =>
  error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';

export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyStripeError(error);
  }
}

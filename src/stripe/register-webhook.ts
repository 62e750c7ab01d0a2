import type Stripe from 'stripe';
import { HANDLED_EVENT_TYPES } from '../webhooks/handlers/index.ts';
import { callStripe } from './errors.ts';

/**
 * Makes Stripe send our events to `url` and returns the signing secret. Stripe reveals a secret only
 * when an endpoint is created, so an existing endpoint for the URL is replaced.
 */
export async function registerWebhookEndpoint(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint> {
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === url) await callStripe(() => stripe.webhookEndpoints.del(endpoint.id));
  }
  return callStripe(() =>
    stripe.webhookEndpoints.create({
      url,
      enabled_events: HANDLED_EVENT_TYPES as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
      description: 'Tollgate',
    }),
  );
}

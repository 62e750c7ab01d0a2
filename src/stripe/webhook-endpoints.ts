import type Stripe from 'stripe';
import { HANDLED_EVENT_TYPES } from '../webhooks/handlers/index.ts';
import { callStripe } from './errors.ts';

/** The endpoint Stripe sends `url`'s events to, if there is one. */
export async function findWebhookEndpoint(
  stripe: Stripe,
  url: string,
): Promise<Stripe.WebhookEndpoint | undefined> {
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === url) return endpoint;
  }
  return undefined;
}

/** Event types the handlers need that the endpoint does not send (`*` sends all). */
export function missingEventTypes(endpoint: Stripe.WebhookEndpoint): string[] {
  if (endpoint.enabled_events.includes('*')) return [];
  return HANDLED_EVENT_TYPES.filter((type) => !endpoint.enabled_events.includes(type));
}

/** Sets the endpoint's events to ours and enables it; its signing secret stays the same. */
export function updateWebhookEndpointEvents(stripe: Stripe, id: string): Promise<Stripe.WebhookEndpoint> {
  return callStripe(() =>
    stripe.webhookEndpoints.update(id, {
      enabled_events: HANDLED_EVENT_TYPES as Stripe.WebhookEndpointUpdateParams.EnabledEvent[],
      disabled: false,
    }),
  );
}

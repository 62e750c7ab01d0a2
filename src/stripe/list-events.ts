import type Stripe from 'stripe';

/** Events of the given types created at or after `since` (Unix seconds), as Stripe holds them. */
export async function listEventsSince(
  stripe: Stripe,
  since: number,
  types: Set<string>,
): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ created: { gte: since }, limit: 100 })) {
    if (types.has(event.type)) events.push(event);
  }
  return events;
}

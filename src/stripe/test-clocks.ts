import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

export const retrieveTestClock = (stripe: Stripe, id: string) =>
  callStripe(() => stripe.testHelpers.testClocks.retrieve(id));

export const advanceTestClock = (stripe: Stripe, id: string, to: Date) =>
  callStripe(() =>
    stripe.testHelpers.testClocks.advance(id, { frozen_time: Math.floor(to.getTime() / 1000) }),
  );

/** Events Stripe created since `since` (seconds), of the given types: what an advance should deliver. */
export async function eventIdsSince(stripe: Stripe, since: number, types: Set<string>): Promise<string[]> {
  const ids: string[] = [];
  for await (const event of stripe.events.list({ created: { gte: since }, limit: 100 })) {
    if (types.has(event.type)) ids.push(event.id);
  }
  return ids;
}

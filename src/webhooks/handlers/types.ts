import type Stripe from 'stripe';
import type { BillingDeps } from '../../billing/billing-deps.ts';

/** `ignored`: acknowledged and recorded, but not about anything of ours (or of no use to us). */
export type HandlerResult = 'processed' | 'ignored';
export type EventHandler = (deps: BillingDeps, event: Stripe.Event) => Promise<HandlerResult>;

import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

export const retrieveInvoice = (stripe: Stripe, id: string) => callStripe(() => stripe.invoices.retrieve(id));

export const payInvoice = (stripe: Stripe, id: string) => callStripe(() => stripe.invoices.pay(id));

export const retrieveCharge = (stripe: Stripe, id: string) => callStripe(() => stripe.charges.retrieve(id));

import type Stripe from 'stripe';
import { applyInvoice } from '../../billing/sync/apply-invoice.ts';
import { retrieveInvoice } from '../../stripe/invoices.ts';
import type { EventHandler } from './types.ts';

/** invoice.paid|payment_succeeded|payment_failed|payment_action_required|finalized: mirror and log payments. */
export const invoiceChanged: EventHandler = async (deps, event) => {
  const invoice = event.data.object as Stripe.Invoice;
  let result = await applyInvoice(deps, invoice, { created: event.created, type: event.type });
  if (result === 'refetch') {
    const current = await retrieveInvoice(deps.stripe.client, invoice.id!);
    result = await applyInvoice(deps, current, { created: event.created, type: event.type, refetched: true });
  }
  return result === 'unknown_customer' ? 'ignored' : 'processed';
};

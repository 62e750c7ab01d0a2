import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { previewInvoice, previewNewSubscription } from '../billing/invoice-preview.ts';
import { requireRecurring } from '../billing/subscription-items.ts';
import { invalidRequest } from '../server/errors.ts';
import { anything, array, bool, int, metadata, object, oneOf, string, timestamp } from '../server/params.ts';
import { referenced } from './common.ts';

interface PreviewParams {
  customer?: string;
  subscription?: string;
  subscription_details?: {
    items?: { id?: string; price?: string; quantity?: number; deleted?: boolean }[];
    proration_behavior?: 'create_prorations' | 'always_invoice' | 'none';
    proration_date?: number | 'now';
  };
}

export const previewSpec = {
  customer: string,
  subscription: string,
  subscription_details: object({
    items: array(
      object({
        id: string,
        price: string,
        quantity: int,
        deleted: bool,
        metadata,
        price_data: anything,
        discounts: anything,
        tax_rates: anything,
        clear_usage: bool,
      }),
    ),
    proration_behavior: oneOf('create_prorations', 'always_invoice', 'none'),
    proration_date: timestamp,
    cancel_at_period_end: bool,
    cancel_at: anything,
    trial_end: anything,
    billing_cycle_anchor: anything,
    default_tax_rates: anything,
    start_date: anything,
    resume_at: anything,
    cancel_now: bool,
  }),
  automatic_tax: anything,
  discounts: anything,
  customer_details: anything,
  invoice_items: anything,
  preview_mode: anything,
  currency: string,
  issuer: anything,
  on_behalf_of: anything,
  schedule: anything,
  schedule_details: anything,
};

export function preview(emulator: Emulator, params: PreviewParams): Stripe.Invoice {
  const subscription = params.subscription
    ? referenced(emulator.db.subscriptions, params.subscription, 'subscription')
    : null;
  const customerId = params.customer ?? (subscription?.customer as string | undefined);
  if (!customerId)
    throw invalidRequest(
      'Missing required param: customer or subscription.',
      'customer',
      'parameter_missing',
    );
  const customer = referenced(emulator.db.customers, customerId, 'customer');
  const details = params.subscription_details ?? {};
  const items = (details.items ?? []).map((item, index) => ({
    ...item,
    price: item.price
      ? requireRecurring(
          referenced(emulator.db.prices, item.price, `subscription_details[items][${index}][price]`),
          `subscription_details[items][${index}][price]`,
        )
      : undefined,
  }));
  if (!subscription) {
    if (items.length === 0) {
      throw invalidRequest(
        'No upcoming invoices for customer: ' + customer.id,
        undefined,
        'invoice_upcoming_none',
      );
    }
    return previewNewSubscription(
      emulator,
      customer,
      items.map((item) => ({ price: item.price!, quantity: item.quantity ?? 1 })),
    );
  }
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(
      `No upcoming invoices for customer: ${customer.id}`,
      undefined,
      'invoice_upcoming_none',
    );
  }
  const date =
    details.proration_date === 'now' || details.proration_date === undefined ? null : details.proration_date;
  return previewInvoice(emulator, {
    customer,
    subscription,
    items,
    prorationBehavior: details.proration_behavior ?? 'create_prorations',
    prorationDate: date,
  });
}

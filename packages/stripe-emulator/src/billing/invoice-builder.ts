import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { newId } from '../store/ids.ts';
import { discountAmount, type AppliedDiscount } from './discounts.ts';

export interface LineInput {
  amount: number;
  description: string;
  price: Stripe.Price | null;
  quantity: number;
  period: { start: number; end: number };
  proration: boolean;
  subscriptionItem: string | null;
  invoiceItem: string | null;
}

export interface InvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  currency: string;
  lines: LineInput[];
  billingReason: Stripe.Invoice.BillingReason;
  periodStart: number;
  periodEnd: number;
  now: number;
  discount: AppliedDiscount | null;
  id?: string;
}

function lineItem(
  emulator: Emulator,
  invoiceId: string,
  input: InvoiceInput,
  line: LineInput,
  discount: number,
): Stripe.InvoiceLineItem {
  const subscription = input.subscription?.id ?? null;
  return {
    id: newId('il'),
    object: 'line_item',
    amount: line.amount,
    currency: input.currency,
    description: line.description,
    discount_amounts:
      discount > 0 && input.discount ? [{ amount: discount, discount: input.discount.id }] : [],
    discountable: !line.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: line.subscriptionItem
      ? {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: line.invoiceItem,
            proration: line.proration,
            proration_details: line.proration ? { credited_items: null } : null,
            subscription,
            subscription_item: line.subscriptionItem,
          },
        }
      : {
          type: 'invoice_item_details',
          subscription_item_details: null,
          invoice_item_details: {
            invoice_item: line.invoiceItem ?? '',
            proration: line.proration,
            proration_details: null,
            subscription,
          },
        },
    period: line.period,
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: line.price ? { price: line.price.id, product: line.price.product as string } : undefined,
      unit_amount_decimal: line.price ? String(line.price.unit_amount ?? 0) : null,
    } as Stripe.InvoiceLineItem.Pricing,
    quantity: line.quantity,
    quantity_decimal: null,
    subscription,
    subtotal: line.amount,
    taxes: [],
  };
}

/** A draft invoice with its lines; discounts apply to discountable lines, credit balance to the total. */
export function buildInvoice(emulator: Emulator, input: InvoiceInput): Stripe.Invoice {
  const id = input.id ?? newId('in');
  const { customer } = input;
  const discounts = input.lines.map((line) =>
    line.proration || !input.discount ? 0 : discountAmount(input.discount, line.amount),
  );
  const lines = input.lines.map((line, index) => lineItem(emulator, id, input, line, discounts[index]!));
  const subtotal = input.lines.reduce((sum, line) => sum + line.amount, 0);
  const discountTotal = discounts.reduce((sum, amount) => sum + amount, 0);
  const total = subtotal - discountTotal;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe Emulator',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: 'charge_automatically',
    created: input.now,
    currency: input.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: input.discount && discountTotal > 0 ? [input.discount.id] : [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: input.subscription
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: {
            metadata: { ...input.subscription.metadata },
            subscription: input.subscription.id,
          },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: customer.test_clock as string | null,
    total,
    total_discount_amounts:
      input.discount && discountTotal > 0 ? [{ amount: discountTotal, discount: input.discount.id }] : [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

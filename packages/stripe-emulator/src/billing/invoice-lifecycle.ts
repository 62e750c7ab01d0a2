import { fieldsOf } from '../store/fields.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { confirmPayment, createPaymentIntent, type PaymentOutcome } from './payments.ts';

/** Each invoice has one default payment record; its id is derived from the invoice's, for direct lookup. */
export function invoicePaymentId(invoiceId: string): string {
  return `inpay_${invoiceId.slice(3)}`;
}

export function paymentOfInvoice(emulator: Emulator, invoiceId: string): Stripe.InvoicePayment | undefined {
  return emulator.db.invoicePayments.get(invoicePaymentId(invoiceId));
}

function pad(value: number): string {
  return String(value).padStart(4, '0');
}

/** Customer credit (a negative balance) is used up by the next invoices; a negative total adds credit. */
function applyCustomerBalance(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  customer: Stripe.Customer,
  now: number,
): void {
  const balance = customer.balance;
  const after = invoice.total + balance;
  invoice.starting_balance = balance;
  invoice.amount_due = Math.max(0, after);
  invoice.amount_remaining = invoice.amount_due;
  invoice.ending_balance = Math.min(0, after);
  if (invoice.ending_balance !== balance) {
    const before = fieldsOf(customer, ['balance']);
    customer.balance = invoice.ending_balance;
    emulator.db.customers.put(customer);
    emulator.emitUpdated('customer.updated', before, customer, now);
  }
}

export function finalizeInvoice(emulator: Emulator, invoice: Stripe.Invoice, now: number): void {
  const customer = emulator.db.customers.get(invoice.customer as string);
  if (customer) {
    applyCustomerBalance(emulator, invoice, customer, now);
    invoice.number = `${customer.invoice_prefix ?? 'EMU'}-${pad(customer.next_invoice_sequence ?? 1)}`;
    customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
  }
  invoice.status = 'open';
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${emulator.baseUrl}/invoice/${invoice.id}`;
  invoice.invoice_pdf = `${emulator.baseUrl}/invoice/${invoice.id}/pdf`;
  emulator.db.invoices.put(invoice);
  emulator.emit('invoice.finalized', invoice, now);
  if (invoice.amount_due === 0) markPaid(emulator, invoice, now);
}

export function markPaid(emulator: Emulator, invoice: Stripe.Invoice, now: number): void {
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  emulator.db.invoices.put(invoice);
  const paid = paymentOfInvoice(emulator, invoice.id);
  for (const payment of paid?.status === 'open' ? [paid] : []) {
    payment.status = 'paid';
    payment.amount_paid = invoice.amount_paid;
    payment.status_transitions = { canceled_at: null, paid_at: now };
    emulator.emit('invoice_payment.paid', payment, now);
  }
  const paidEvent = emulator.emit('invoice.paid', invoice, now);
  emulator.emitAgain('invoice.payment_succeeded', paidEvent, invoice, now);
}

/** The payment intent that collects an invoice: one per invoice, reused by every retry. */
function intentFor(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  paymentMethod: string | null,
  now: number,
): Stripe.PaymentIntent {
  const existing = paymentOfInvoice(emulator, invoice.id);
  const existingId = existing?.payment.payment_intent;
  const found = typeof existingId === 'string' ? emulator.db.paymentIntents.get(existingId) : undefined;
  if (found) {
    found.payment_method = paymentMethod;
    return found;
  }
  const customer = emulator.db.customers.get(invoice.customer as string);
  const intent = createPaymentIntent(emulator, {
    customerId: invoice.customer as string,
    paymentMethodId: paymentMethod,
    amount: invoice.amount_due,
    currency: invoice.currency,
    description:
      invoice.billing_reason === 'subscription_create'
        ? 'Subscription creation'
        : invoice.billing_reason === 'subscription_cycle'
          ? 'Subscription update'
          : null,
    metadata: {},
    receiptEmail: customer?.email ?? null,
    now,
  });
  const payment: Stripe.InvoicePayment = {
    id: invoicePaymentId(invoice.id),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: intent.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  emulator.db.invoicePayments.put(payment);
  return intent;
}

/** Which card pays: the one given, the subscription's default, then the customer's default. */
export function paymentMethodFor(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  explicit?: string,
): string | null {
  if (explicit) return explicit;
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription =
    typeof subscriptionId === 'string' ? emulator.db.subscriptions.get(subscriptionId) : undefined;
  if (typeof subscription?.default_payment_method === 'string') return subscription.default_payment_method;
  const customer = emulator.db.customers.get(invoice.customer as string);
  const fallback = customer?.invoice_settings.default_payment_method;
  return typeof fallback === 'string' ? fallback : null;
}

/** One payment attempt on an open invoice. */
export function attemptInvoicePayment(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  now: number,
  options: { offSession: boolean; paymentMethod?: string; deferFailureEvent?: boolean },
): PaymentOutcome {
  if (invoice.amount_due === 0) {
    if (invoice.status !== 'paid') markPaid(emulator, invoice, now);
    return { status: 'succeeded' };
  }
  const intent = intentFor(
    emulator,
    invoice,
    paymentMethodFor(emulator, invoice, options.paymentMethod),
    now,
  );
  const outcome = confirmPayment(emulator, intent, options.offSession, now);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  emulator.db.invoices.put(invoice);
  if (outcome.status === 'succeeded') markPaid(emulator, invoice, now);
  else if (outcome.status === 'requires_action')
    emulator.emit('invoice.payment_action_required', invoice, now);
  // Stripe sends payment_failed with the retry already scheduled (next_payment_attempt set); the
  // dunning step that schedules it emits the event itself.
  else if (options.deferFailureEvent !== true) emulator.emit('invoice.payment_failed', invoice, now);
  return outcome;
}

export function voidInvoice(emulator: Emulator, invoice: Stripe.Invoice, now: number): void {
  invoice.status = 'void';
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.voided_at = now;
  emulator.db.invoices.put(invoice);
  const open = paymentOfInvoice(emulator, invoice.id);
  for (const payment of open?.status === 'open' ? [open] : []) {
    payment.status = 'canceled';
    payment.status_transitions = { canceled_at: now, paid_at: null };
  }
  emulator.emit('invoice.voided', invoice, now);
}

export function markUncollectible(emulator: Emulator, invoice: Stripe.Invoice, now: number): void {
  invoice.status = 'uncollectible';
  invoice.next_payment_attempt = null;
  invoice.status_transitions.marked_uncollectible_at = now;
  emulator.db.invoices.put(invoice);
  emulator.emit('invoice.marked_uncollectible', invoice, now);
}

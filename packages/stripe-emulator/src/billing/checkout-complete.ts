import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { createCustomer } from '../resources/customers.ts';
import { redeem, resolveDiscount, type ResolvedDiscount } from '../resources/coupon-lookup.ts';
import { attachPaymentMethod, createCardPaymentMethod } from '../resources/payment-methods.ts';
import { createSetupIntent } from '../resources/setup-intents.ts';
import { ApiError } from '../server/errors.ts';
import { discountAmount } from './discounts.ts';
import { confirmPayment, createPaymentIntent } from './payments.ts';
import { paymentOfInvoice } from './invoice-lifecycle.ts';
import { createSubscription, trialEndFrom } from './subscription-create.ts';
import { declineFor } from './test-cards.ts';

export interface CheckoutForm {
  email: string;
  cardNumber: string;
  expiry: string;
  cvc: string;
  name: string;
  promotionCode: string;
}

export type CheckoutResult = { kind: 'redirect'; url: string } | { kind: 'error'; message: string };

class FormError extends Error {}

function parseExpiry(expiry: string): { month: number; year: number } {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!match) throw new FormError('Enter the expiry date as MM/YY.');
  return { month: Number(match[1]), year: Number(match[2]) };
}

export function successUrl(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '').replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}

function promotionDiscount(
  emulator: Emulator,
  state: { couponId: string | null; promotionCodeId: string | null },
  code: string,
  now: number,
): ResolvedDiscount | null {
  if (code) {
    const found = emulator.db.promotionCodes.filter(
      (row) => row.code.toLowerCase() === code.toLowerCase(),
    )[0];
    if (!found) throw new FormError('This code is invalid.');
    return resolveDiscount(emulator, { promotion_code: found.id }, 'promotion_code', now);
  }
  if (state.promotionCodeId)
    return resolveDiscount(emulator, { promotion_code: state.promotionCodeId }, 'discounts', now);
  if (state.couponId) return resolveDiscount(emulator, { coupon: state.couponId }, 'discounts', now);
  return null;
}

/** Marks the session complete and sends `checkout.session.completed`. */
export function completeSession(emulator: Emulator, session: Stripe.Checkout.Session, now: number): void {
  session.status = 'complete';
  // A trial or a fully discounted order is complete without a payment.
  if (session.mode !== 'setup' && session.payment_status !== 'no_payment_required') {
    session.payment_status = (session.amount_total ?? 0) === 0 ? 'no_payment_required' : 'paid';
  }
  session.url = null;
  emulator.db.checkoutSessions.put(session);
  const state = emulator.db.checkoutState.get(session.id);
  if (state) {
    state.awaitingIntent = null;
    state.lastError = null;
  }
  emulator.emit('checkout.session.completed', session, now);
}

function customerFor(
  emulator: Emulator,
  session: Stripe.Checkout.Session,
  form: CheckoutForm,
): Stripe.Customer | null {
  if (typeof session.customer === 'string') return emulator.db.customers.get(session.customer) ?? null;
  const email = session.customer_email ?? form.email;
  if (session.mode === 'payment' && session.customer_creation !== 'always') return null;
  const customer = createCustomer(emulator, { email: email || undefined, name: form.name || undefined });
  session.customer = customer.id;
  return customer;
}

/** The hosted checkout page's form: make the card, then subscribe, pay or save it. */
export function submitCheckout(
  emulator: Emulator,
  session: Stripe.Checkout.Session,
  form: CheckoutForm,
): CheckoutResult {
  const state = emulator.db.checkoutState.get(session.id)!;
  const now = emulator.nowForCustomer(session.customer as string | null);
  if (session.status === 'complete') return { kind: 'redirect', url: successUrl(session) };
  if (session.status !== 'open') return { kind: 'error', message: 'This checkout session has expired.' };
  try {
    const email = session.customer_email ?? form.email;
    if (!session.customer && !email) throw new FormError('Enter your email address.');
    const { month, year } = parseExpiry(form.expiry);
    if (!/^\d{3,4}$/.test(form.cvc)) throw new FormError("Your card's security code is incomplete.");
    const method = createCardPaymentMethod(
      emulator,
      {
        number: form.cardNumber,
        expMonth: month,
        expYear: year,
        name: form.name || null,
        email: email || null,
      },
      now,
      'cardNumber',
    );
    const behaviour = emulator.db.cards.get(method.id)!.behaviour;
    // A trial charges nothing today: the card is only saved, as in setup mode, so a card that
    // fails later (4000000000000341) is accepted here.
    const chargesNow =
      session.mode === 'payment' || (session.mode === 'subscription' && !state.trialPeriodDays);
    const decline = declineFor(behaviour, chargesNow);
    if (decline) throw new FormError(decline.message);
    const discount =
      session.mode === 'setup'
        ? null
        : promotionDiscount(
            emulator,
            state,
            session.allow_promotion_codes ? form.promotionCode.trim() : '',
            now,
          );
    const customer = customerFor(emulator, session, form);
    session.customer_details = {
      address: null,
      business_name: null,
      email: email || customer?.email || null,
      individual_name: null,
      name: form.name || null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    if (customer) attachPaymentMethod(emulator, method.id, customer.id);
    if (discount) {
      const off = state.lineItems.reduce(
        (sum, item) =>
          sum +
          discountAmount(
            { id: '', coupon: discount.coupon, promotionCode: null, start: now, end: null },
            item.amount_subtotal,
          ),
        0,
      );
      session.total_details = { amount_discount: off, amount_shipping: 0, amount_tax: 0 };
      session.amount_total = Math.max(0, (session.amount_subtotal ?? 0) - off);
      session.discounts = [{ coupon: discount.coupon.id, promotion_code: discount.promotionCode }];
      redeem(emulator, discount, now);
    }
    if (session.mode === 'subscription')
      return subscribe(emulator, session, state, customer!, method, discount, now);
    if (session.mode === 'payment') return payOnce(emulator, session, state, customer, method, now);
    const intent = createSetupIntent(emulator, {
      customer: customer!.id,
      paymentMethod: method.id,
      now,
      metadata: {},
    });
    session.setup_intent = intent.id;
    completeSession(emulator, session, now);
    return { kind: 'redirect', url: successUrl(session) };
  } catch (error) {
    const message =
      error instanceof FormError ? error.message : error instanceof ApiError ? error.body.message : undefined;
    if (message === undefined) throw error;
    state.lastError = message;
    emulator.db.checkoutState.put(state);
    return { kind: 'error', message };
  }
}

function subscribe(
  emulator: Emulator,
  session: Stripe.Checkout.Session,
  state: NonNullable<ReturnType<Emulator['db']['checkoutState']['get']>>,
  customer: Stripe.Customer,
  method: Stripe.PaymentMethod,
  discount: ResolvedDiscount | null,
  now: number,
): CheckoutResult {
  const items = state.lineItems.filter((item) => item.price?.type === 'recurring');
  const { subscription, outcome } = createSubscription(emulator, {
    customer,
    items: items.map((item) => ({ price: item.price!, quantity: item.quantity ?? 1, metadata: {} })),
    trialEnd: trialEndFrom(state.trialPeriodDays ?? undefined, now),
    defaultPaymentMethod: method.id,
    metadata: state.subscriptionMetadata,
    description: null,
    paymentBehavior: 'allow_incomplete',
    cancelAtPeriodEnd: false,
    discount,
    missingPaymentMethod: 'create_invoice',
    offSession: false,
  });
  session.subscription = subscription.id;
  session.invoice = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : null;
  if (state.trialPeriodDays) session.payment_status = 'no_payment_required';
  emulator.db.checkoutSessions.put(session);
  if (outcome?.status === 'requires_action') {
    const invoice = emulator.db.invoices.get(session.invoice ?? '');
    const payment = invoice ? paymentOfInvoice(emulator, invoice.id) : undefined;
    state.awaitingIntent = (payment?.payment.payment_intent as string | undefined) ?? null;
    emulator.db.checkoutState.put(state);
    return { kind: 'redirect', url: `${emulator.baseUrl}/3ds/${state.awaitingIntent}?session=${session.id}` };
  }
  completeSession(emulator, session, now);
  return { kind: 'redirect', url: successUrl(session) };
}

function payOnce(
  emulator: Emulator,
  session: Stripe.Checkout.Session,
  state: NonNullable<ReturnType<Emulator['db']['checkoutState']['get']>>,
  customer: Stripe.Customer | null,
  method: Stripe.PaymentMethod,
  now: number,
): CheckoutResult {
  const intent = createPaymentIntent(emulator, {
    customerId: customer?.id ?? null,
    paymentMethodId: method.id,
    amount: session.amount_total ?? 0,
    currency: session.currency ?? 'usd',
    description: state.lineItems.map((item) => item.description).join(', ') || null,
    metadata: { ...session.metadata },
    receiptEmail: session.customer_details?.email ?? null,
    now,
  });
  session.payment_intent = intent.id;
  emulator.db.checkoutSessions.put(session);
  const outcome = confirmPayment(emulator, intent, false, now);
  if (outcome.status === 'requires_action') {
    state.awaitingIntent = intent.id;
    emulator.db.checkoutState.put(state);
    return { kind: 'redirect', url: `${emulator.baseUrl}/3ds/${intent.id}?session=${session.id}` };
  }
  if (outcome.status === 'failed')
    throw new ApiError(402, { type: 'card_error', message: outcome.decline.message });
  completeSession(emulator, session, now);
  return { kind: 'redirect', url: successUrl(session) };
}

import type Stripe from 'stripe';
import { Store, type Table } from './store.ts';

/** Behaviour of a test card, decided by its number when the payment method is made. */
export type CardBehaviour =
  'succeed' | 'decline' | 'insufficient_funds' | 'fail_after_attach' | 'require_3ds';

export interface CardRecord {
  id: string;
  behaviour: CardBehaviour;
}

/** Billing-engine bookkeeping Stripe keeps but does not show on the subscription. */
export interface SubscriptionState {
  id: string;
  trialWillEndSentFor: number | null;
  /** The promotion code or coupon discount to apply to each invoice, with its end (null = forever). */
  discount: { coupon: string; promotionCode: string | null; endsAt: number | null } | null;
}

export interface InvoiceState {
  id: string;
  firstFailedAt: number | null;
  retriesDone: number;
}

export interface CheckoutState {
  id: string;
  lineItems: Stripe.LineItem[];
  trialPeriodDays: number | null;
  subscriptionMetadata: Record<string, string>;
  couponId: string | null;
  promotionCodeId: string | null;
  lastError: string | null;
  /** A payment intent waiting on the 3-D Secure page before the session can complete. */
  awaitingIntent: string | null;
}

export interface WebhookSecret {
  id: string;
  secret: string;
}

export interface PortalState {
  id: string;
  notice: string | null;
}

export type TableName =
  | 'customers'
  | 'products'
  | 'prices'
  | 'coupons'
  | 'promotion_codes'
  | 'checkout_sessions'
  | 'payment_methods'
  | 'setup_intents'
  | 'payment_intents'
  | 'charges'
  | 'refunds'
  | 'subscriptions'
  | 'invoices'
  | 'invoice_items'
  | 'invoice_payments'
  | 'portal_sessions'
  | 'webhook_endpoints'
  | 'events'
  | 'test_clocks'
  | 'cards'
  | 'subscription_state'
  | 'invoice_state'
  | 'checkout_state'
  | 'webhook_secrets'
  | 'portal_state';

export function createDatabase() {
  const store = new Store<TableName>();
  return {
    store,
    customers: store.table<Stripe.Customer>('customers'),
    products: store.table<Stripe.Product>('products'),
    prices: store.table<Stripe.Price>('prices'),
    coupons: store.table<Stripe.Coupon>('coupons'),
    promotionCodes: store.table<Stripe.PromotionCode>('promotion_codes'),
    checkoutSessions: store.table<Stripe.Checkout.Session>('checkout_sessions'),
    paymentMethods: store.table<Stripe.PaymentMethod>('payment_methods'),
    setupIntents: store.table<Stripe.SetupIntent>('setup_intents'),
    paymentIntents: store.table<Stripe.PaymentIntent>('payment_intents'),
    charges: store.table<Stripe.Charge>('charges'),
    refunds: store.table<Stripe.Refund>('refunds'),
    subscriptions: store.table<Stripe.Subscription>('subscriptions'),
    invoices: store.table<Stripe.Invoice>('invoices'),
    invoiceItems: store.table<Stripe.InvoiceItem>('invoice_items'),
    invoicePayments: store.table<Stripe.InvoicePayment>('invoice_payments'),
    portalSessions: store.table<Stripe.BillingPortal.Session>('portal_sessions'),
    webhookEndpoints: store.table<Stripe.WebhookEndpoint>('webhook_endpoints'),
    events: store.table<Stripe.EventBase>('events'),
    testClocks: store.table<Stripe.TestHelpers.TestClock>('test_clocks'),
    cards: store.table<CardRecord>('cards'),
    subscriptionState: store.table<SubscriptionState>('subscription_state'),
    invoiceState: store.table<InvoiceState>('invoice_state'),
    checkoutState: store.table<CheckoutState>('checkout_state'),
    webhookSecrets: store.table<WebhookSecret>('webhook_secrets'),
    portalState: store.table<PortalState>('portal_state'),
  };
}

export type Database = ReturnType<typeof createDatabase>;
export type { Table };

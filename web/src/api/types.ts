// Shapes from /work/shared/API.md. Fields marked "assumed" are not in the contract yet; see web/README.md.

export type Role = 'user' | 'admin';

export type BillingStatus =
  'none' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete' | 'expired';

export interface Billing {
  plan: { id: string; name: string } | null;
  tier: string;
  isPro: boolean;
  features: string[];
  status: BillingStatus;
  source: 'subscription' | 'one_time' | 'admin_grant' | null;
  currentPeriodEnd: string | null;
  accessUntil: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
  autoRenew: boolean;
  daysRemaining: number | null;
  /** The live subscription's price: the one change-plan starts from. */
  priceId: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
  billing: Billing;
}

export interface Price {
  id: string;
  type: 'recurring' | 'one_time';
  interval: 'month' | 'year' | null;
  amount: number;
  currency: string;
  durationDays: number | null;
}

export interface Plan {
  id: string;
  name: string;
  description: string;
  features: string[];
  trialDays: number;
  prices: Price[];
}

export interface CheckoutStart {
  checkoutUrl: string;
  sessionId: string;
  expiresAt: string;
}

export interface CheckoutSession {
  status: 'open' | 'complete' | 'expired';
  paymentStatus: string;
  billing: Billing;
}

export interface ProrationPreview {
  amountDue: number;
  currency: string;
  lines: { description: string; amount: number }[];
  nextBillingAt: string | null;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  createdAt: string;
  periodStart: string | null;
  periodEnd: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
}

/**
 * The contract names PaymentLog without fields. The server sends `kind` and `occurredAt`; `status` and
 * `createdAt` are accepted too so either spelling renders (see ui/payment-view.ts).
 */
export interface PaymentLog {
  id: string;
  userId?: string;
  kind?: 'charge' | 'refund' | 'failure' | string;
  status?: string;
  amount: number;
  currency: string;
  description?: string | null;
  invoiceId?: string | null;
  failureMessage?: string | null;
  occurredAt?: string;
  createdAt?: string;
}

/** Assumed shape of a stored webhook event. */
export interface WebhookEvent {
  id: string;
  type: string;
  processed: boolean;
  receivedAt?: string;
  createdAt?: string;
  processedAt?: string | null;
  attempts?: number;
  error?: string | null;
  payload?: unknown;
}

/** Assumed shape of an outbox e-mail (admin) and a dev-mailbox e-mail (contract). */
export interface Email {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status?: string;
  text?: string;
  html?: string;
  sentAt?: string | null;
  createdAt?: string;
}

export interface MetricsPoint {
  date: string;
  mrr: number;
  activeSubscribers: number;
}

export interface MrrMovement {
  month: string;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

export interface Metrics {
  mrr: number;
  arr: number;
  currency: string;
  activeSubscribers: number;
  trialing: number;
  pastDue: number;
  churnRate30d: number;
  trialConversionRate: number;
  checkoutConversionRate: number;
  failedPaymentRate: number;
  series: MetricsPoint[];
  movements?: MrrMovement[];
}

/** Assumed: `{entries, total}` from GET /api/admin/audit-log. */
export interface AuditEntry {
  id: string;
  actor: string | { id: string | null; email?: string } | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

export interface AdminSubscription extends Billing {
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  history?: unknown[];
}

import type {
  AccessGrant,
  OutboxEmail,
  PaymentLogRow,
  StripeEventRow,
  SubscriptionRow,
} from '../platform/db/schema/index.ts';
import { iso } from './paging.ts';

export const grantView = (g: AccessGrant) => ({
  id: g.id,
  userId: g.userId,
  planId: g.planId,
  source: g.source,
  sourceRef: g.sourceRef,
  status: g.status,
  startsAt: g.startsAt.toISOString(),
  endsAt: iso(g.endsAt),
  comment: g.comment,
  renews: g.renews,
  createdAt: g.createdAt.toISOString(),
  updatedAt: g.updatedAt.toISOString(),
});

export const subscriptionView = (s: SubscriptionRow) => ({
  id: s.id,
  userId: s.userId,
  stripeCustomerId: s.stripeCustomerId,
  status: s.status,
  planId: s.planId,
  priceId: s.priceId,
  interval: s.interval,
  amount: s.amount,
  currency: s.currency,
  mrr: s.mrr,
  currentPeriodStart: s.currentPeriodStart.toISOString(),
  currentPeriodEnd: s.currentPeriodEnd.toISOString(),
  trialEnd: iso(s.trialEnd),
  cancelAtPeriodEnd: s.cancelAtPeriodEnd,
  canceledAt: iso(s.canceledAt),
  endedAt: iso(s.endedAt),
  paused: s.paused,
  cancellationReason: s.cancellationReason,
  createdAt: s.stripeCreatedAt.toISOString(),
});

/** The payment log row as GET /api/billing/payments shows it, plus whose it is and its Stripe links. */
export const paymentView = (p: PaymentLogRow) => ({
  id: p.id,
  userId: p.userId,
  kind: p.kind,
  status: p.kind,
  amount: p.amount,
  currency: p.currency,
  description: p.description,
  invoiceId: p.invoiceId,
  subscriptionId: p.subscriptionId,
  chargeId: p.chargeId,
  stripeRef: p.stripeRef,
  failureMessage: p.failureMessage,
  occurredAt: p.occurredAt.toISOString(),
  createdAt: p.createdAt.toISOString(),
});

export const emailView = (e: OutboxEmail) => ({
  id: e.id,
  userId: e.userId,
  to: e.toAddress,
  subject: e.subject,
  kind: e.kind,
  status: e.status,
  attempts: e.attempts,
  lastError: e.lastError,
  createdAt: e.createdAt.toISOString(),
  sentAt: iso(e.sentAt),
});

export const eventView = (e: StripeEventRow) => ({
  id: e.id,
  type: e.type,
  objectId: e.objectId,
  status: e.status,
  processed: e.status === 'processed' || e.status === 'ignored',
  attempts: e.attempts,
  lastError: e.lastError,
  error: e.lastError,
  createdAt: e.stripeCreatedAt.toISOString(),
  receivedAt: e.receivedAt.toISOString(),
  processedAt: iso(e.processedAt),
  payload: e.payload,
});

import { formatDate, formatMoney, greeting } from './format.ts';
import { button, html, layout, type RenderedEmail } from './layout.ts';

/**
 * Every transactional e-mail: a subject, a plain-text part and an HTML part built from the same
 * sentences. Every value from a user or from Stripe goes through `html` and is escaped.
 */
function email(
  subject: string,
  name: string | null,
  paragraphs: string[],
  action?: { label: string; url: string },
): RenderedEmail {
  const text = [greeting(name), ...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : [])].join(
    '\n\n',
  );
  const body =
    html`<p>${greeting(name)}</p>` +
    paragraphs.map((p) => html`<p>${p}</p>`).join('') +
    (action ? button(action.label, action.url) : '');
  return { subject, text, html: layout(subject, body) };
}

interface Base {
  name: string | null;
  appUrl: string;
}

export const welcomeEmail = (i: Base) =>
  email(
    'Welcome to Tollgate',
    i.name,
    ['Your account is ready. Have a look at the plans when you want more.'],
    {
      label: 'See the plans',
      url: `${i.appUrl}/pricing`,
    },
  );

export const subscriptionConfirmationEmail = (
  i: Base & {
    planName: string;
    amount: number;
    currency: string;
    interval: string | null;
    nextBillingAt: Date;
    features: string[];
    trialEnd: Date | null;
  },
) =>
  email(
    `You're on ${i.planName}`,
    i.name,
    [
      i.trialEnd
        ? `Your ${i.planName} trial has started. It ends on ${formatDate(i.trialEnd)}; then ${formatMoney(i.amount, i.currency)} per ${i.interval ?? 'period'}.`
        : `Your ${i.planName} subscription is active: ${formatMoney(i.amount, i.currency)} per ${i.interval ?? 'period'}.`,
      `Next billing date: ${formatDate(i.nextBillingAt)}.`,
      `Included: ${i.features.join(', ')}.`,
    ],
    { label: 'Manage billing', url: `${i.appUrl}/billing` },
  );

export const passConfirmationEmail = (
  i: Base & { planName: string; amount: number; currency: string; accessUntil: Date },
) =>
  email(
    `Your ${i.planName} pass`,
    i.name,
    [
      `Thank you for your payment of ${formatMoney(i.amount, i.currency)}.`,
      `You have ${i.planName} until ${formatDate(i.accessUntil)}.`,
    ],
    { label: 'Open your dashboard', url: `${i.appUrl}/dashboard` },
  );

export const paymentReceiptEmail = (
  i: Base & {
    amount: number;
    currency: string;
    invoiceNumber: string | null;
    invoiceUrl: string | null;
    paidAt: Date;
  },
) =>
  email(
    `Receipt: ${formatMoney(i.amount, i.currency)}`,
    i.name,
    [
      `We received your payment of ${formatMoney(i.amount, i.currency)} on ${formatDate(i.paidAt)}${i.invoiceNumber ? ` for invoice ${i.invoiceNumber}` : ''}.`,
    ],
    i.invoiceUrl ? { label: 'View the invoice', url: i.invoiceUrl } : undefined,
  );

export const paymentFailedEmail = (
  i: Base & { amount: number; currency: string; nextRetryAt: Date | null },
) =>
  email(
    'Your payment failed',
    i.name,
    [
      `We could not charge ${formatMoney(i.amount, i.currency)} to your card.`,
      i.nextRetryAt
        ? `We will try again on ${formatDate(i.nextRetryAt)}. Update your card before then to keep your plan.`
        : 'Update your card to keep your plan.',
    ],
    { label: 'Update your card', url: `${i.appUrl}/api/stripe/portal` },
  );

export const actionRequiredEmail = (
  i: Base & { amount: number; currency: string; invoiceUrl: string | null },
) =>
  email(
    'Confirm your payment',
    i.name,
    [`Your bank asks you to confirm the payment of ${formatMoney(i.amount, i.currency)} (3-D Secure).`],
    { label: 'Confirm the payment', url: i.invoiceUrl ?? `${i.appUrl}/billing` },
  );

export const trialEndingEmail = (i: Base & { planName: string; trialEnd: Date }) =>
  email(
    `Your ${i.planName} trial ends on ${formatDate(i.trialEnd)}`,
    i.name,
    [
      `Your trial of ${i.planName} ends on ${formatDate(i.trialEnd)}. Keep a card on file to stay on ${i.planName}, or cancel before then and nothing is charged.`,
    ],
    { label: 'Manage billing', url: `${i.appUrl}/billing` },
  );

export const expiryWarningEmail = (i: Base & { planName: string; endsAt: Date; daysRemaining: number }) =>
  email(
    `Your ${i.planName} access ends in ${i.daysRemaining} day${i.daysRemaining === 1 ? '' : 's'}`,
    i.name,
    [
      `Your ${i.planName} access ends on ${formatDate(i.endsAt)} (${i.daysRemaining} day${i.daysRemaining === 1 ? '' : 's'} from now).`,
    ],
    { label: 'Renew now', url: `${i.appUrl}/pricing` },
  );

export const accessExpiredEmail = (i: Base & { planName: string }) =>
  email(
    `Your ${i.planName} access has expired`,
    i.name,
    [
      `Your ${i.planName} access has ended and your account is back on the free plan. Nothing is lost: renew any time.`,
    ],
    { label: 'Renew', url: `${i.appUrl}/pricing` },
  );

export const subscriptionCanceledEmail = (
  i: Base & { planName: string; endsAt: Date; becauseOfPayment: boolean },
) =>
  email(
    `Your ${i.planName} subscription is canceled`,
    i.name,
    [
      i.becauseOfPayment
        ? `We could not collect the payment for ${i.planName}, so the subscription ended on ${formatDate(i.endsAt)}.`
        : `Your ${i.planName} subscription is canceled. You keep access until ${formatDate(i.endsAt)}.`,
    ],
    { label: 'Subscribe again', url: `${i.appUrl}/pricing` },
  );

export const planChangedEmail = (
  i: Base & { fromPlan: string; toPlan: string; amount: number; currency: string; interval: string | null },
) =>
  email(
    `Your plan is now ${i.toPlan}`,
    i.name,
    [
      `You moved from ${i.fromPlan} to ${i.toPlan} (${formatMoney(i.amount, i.currency)} per ${i.interval ?? 'period'}). Unused time on the old plan was credited.`,
    ],
    { label: 'Manage billing', url: `${i.appUrl}/billing` },
  );

export const renewalReminderEmail = (
  i: Base & { planName: string; amount: number; currency: string; renewsAt: Date },
) =>
  email(
    `${i.planName} renews on ${formatDate(i.renewsAt)}`,
    i.name,
    [
      `Your yearly ${i.planName} plan renews on ${formatDate(i.renewsAt)} for ${formatMoney(i.amount, i.currency)}.`,
    ],
    { label: 'Manage billing', url: `${i.appUrl}/billing` },
  );

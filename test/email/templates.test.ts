import { describe, expect, it } from 'vitest';
import * as templates from '../../src/email/templates/lifecycle.ts';
import { passwordResetEmail } from '../../src/email/templates/password-reset.ts';
import { formatMoney } from '../../src/email/templates/format.ts';

const evil = '<script>alert(1)</script> & "Bob"';
const base = { name: evil, appUrl: 'https://app.example' };
const at = new Date('2026-07-04T12:00:00Z');

const all = {
  welcome: templates.welcomeEmail(base),
  confirmation: templates.subscriptionConfirmationEmail({
    ...base,
    planName: evil,
    amount: 900,
    currency: 'usd',
    interval: 'month',
    nextBillingAt: at,
    features: ['reports'],
    trialEnd: null,
  }),
  pass: templates.passConfirmationEmail({
    ...base,
    planName: 'Pro',
    amount: 1200,
    currency: 'usd',
    accessUntil: at,
  }),
  receipt: templates.paymentReceiptEmail({
    ...base,
    amount: 900,
    currency: 'usd',
    invoiceNumber: 'INV-1',
    invoiceUrl: 'https://pay.example/i/1',
    paidAt: at,
  }),
  failed: templates.paymentFailedEmail({ ...base, amount: 900, currency: 'usd', nextRetryAt: at }),
  action: templates.actionRequiredEmail({
    ...base,
    amount: 900,
    currency: 'usd',
    invoiceUrl: 'https://pay.example/i/2',
  }),
  trial: templates.trialEndingEmail({ ...base, planName: 'Pro', trialEnd: at }),
  warning: templates.expiryWarningEmail({ ...base, planName: 'Pro', endsAt: at, daysRemaining: 3 }),
  expired: templates.accessExpiredEmail({ ...base, planName: 'Pro' }),
  canceled: templates.subscriptionCanceledEmail({
    ...base,
    planName: 'Pro',
    endsAt: at,
    becauseOfPayment: false,
  }),
  changed: templates.planChangedEmail({
    ...base,
    fromPlan: 'Pro',
    toPlan: 'Premium',
    amount: 1900,
    currency: 'usd',
    interval: 'month',
  }),
  reminder: templates.renewalReminderEmail({
    ...base,
    planName: 'Premium',
    amount: 19000,
    currency: 'usd',
    renewsAt: at,
  }),
  reset: passwordResetEmail({ name: evil, resetUrl: 'https://app.example/reset-password?token=abc' }),
};

describe('e-mail templates', () => {
  it.each(Object.entries(all))(
    '%s has a subject, a text part and a responsive HTML part, and escapes user values',
    (_name, mail) => {
      expect(mail.subject.length).toBeGreaterThan(3);
      expect(mail.text).toContain(evil);
      expect(mail.html).toContain('<meta name="viewport"');
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;');
    },
  );

  it('states the facts each mail is for', () => {
    expect(all.receipt.text).toContain('$9.00');
    expect(all.receipt.text).toContain('INV-1');
    expect(all.failed.text).toContain('July 4, 2026');
    expect(all.failed.text).toContain('https://app.example/api/stripe/portal');
    expect(all.warning.subject).toBe('Your Pro access ends in 3 days');
    expect(all.warning.text).toContain('https://app.example/pricing');
    expect(all.canceled.text).toContain('July 4, 2026');
    expect(all.confirmation.text).toContain('reports');
    expect(all.reminder.text).toContain('$190.00');
  });

  it('formats money in the currency minor unit', () => {
    expect(formatMoney(999, 'usd')).toBe('$9.99');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1050, 'eur')).toBe('€10.50');
  });
});

import type { BillingDeps } from '../billing/billing-deps.ts';
import { deliverPendingEmails } from '../email/outbox.ts';
import type { MailTransport } from '../email/transport.ts';
import { expireAccess } from './expire-access.ts';
import { sendExpiryWarnings } from './expiry-warnings.ts';
import { sendRenewalReminders } from './renewal-reminders.ts';

/** The hourly sweep: warnings before expiry (so a user is warned even when both fall in one run). */
export async function runLifecycleSweep(deps: BillingDeps) {
  const warned = await sendExpiryWarnings(deps);
  const expired = await expireAccess(deps);
  const reminded = await sendRenewalReminders(deps);
  return { warned, expired, reminded };
}

/** Sends every mail that is due now, batch after batch. */
export async function deliverAllDueEmails(deps: Pick<BillingDeps, 'db' | 'clock'>, mailer: MailTransport) {
  let sent = 0;
  for (;;) {
    const batch = await deliverPendingEmails(deps.db, mailer, () => deps.clock.now());
    sent += batch.sent;
    if (batch.sent + batch.failed === 0 || batch.failed > 0) return sent;
  }
}

import { useState, type FormEvent } from 'react';
import type { Billing } from '../../api/types';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDate } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { useBillingAction } from './queries';

const reasons = [
  { value: '', label: 'Choose a reason (optional)' },
  { value: 'too_expensive', label: 'It is too expensive' },
  { value: 'missing_features', label: 'It is missing features I need' },
  { value: 'unused', label: 'I do not use it enough' },
  { value: 'switched_service', label: 'I am switching to another service' },
  { value: 'other', label: 'Something else' },
];

interface CancelBody {
  atPeriodEnd: true;
  reason?: string;
  feedback?: string;
}

/** Cancels at the period end (never immediately from here), with an optional reason for the product team. */
export function CancelSubscription({ billing }: { billing: Billing }) {
  const [reason, setReason] = useState('');
  const [feedback, setFeedback] = useState('');
  const [confirming, setConfirming] = useState(false);
  const cancel = useBillingAction<CancelBody>('/api/billing/cancel');
  const endsAt = formatDate(billing.currentPeriodEnd ?? billing.accessUntil);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };
  const confirm = () => {
    const body: CancelBody = { atPeriodEnd: true };
    if (reason) body.reason = reason;
    if (feedback.trim()) body.feedback = feedback.trim();
    cancel.mutate(body, { onSettled: () => setConfirming(false) });
  };

  return (
    <section className="card" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel subscription</h2>
      <p>You keep access until {endsAt}. You can resume any time before then.</p>
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="cancel-reason">Why are you leaving?</label>
          <select id="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            {reasons.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cancel-feedback">Anything we could do better? (optional)</label>
          <textarea
            id="cancel-feedback"
            value={feedback}
            maxLength={2000}
            onChange={(e) => setFeedback(e.target.value)}
          />
        </div>
        <FormError error={cancel.error} />
        <div>
          <button className="button button--danger" disabled={cancel.isPending}>
            Cancel subscription
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Cancel your subscription?"
        confirmLabel="Yes, cancel"
        tone="danger"
        busy={cancel.isPending}
        onConfirm={confirm}
        onCancel={() => setConfirming(false)}
      >
        <p>Your plan stays active until {endsAt} and will not renew.</p>
      </ConfirmDialog>
    </section>
  );
}

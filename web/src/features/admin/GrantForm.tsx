import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { isApiError, type FieldErrors } from '../../api/errors';
import { Banner } from '../../ui/Banner';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FormError } from '../../ui/FormError';
import { usePlans } from '../pricing/plans';

interface GrantBody {
  tier: string;
  durationMonths: number;
  isPaid: boolean;
  autoRenew: boolean;
  comment?: string;
}

/** PUT …/subscription: an unpaid grant is a free grant or trial; a paid one bills the customer. */
export function GrantForm({ userId }: { userId: string }) {
  const plans = usePlans();
  const client = useQueryClient();
  const [form, setForm] = useState({ tier: '', months: '1', isPaid: false, autoRenew: false, comment: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  const grant = useMutation({
    mutationFn: (body: GrantBody) =>
      api.put<{ message: string; status: string }>(
        `/api/admin/users/${encodeURIComponent(userId)}/subscription`,
        body,
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
    onSettled: () => setConfirming(false),
  });
  const shown = { ...errors, ...(isApiError(grant.error) ? grant.error.details : {}) };
  // Only paid plans can be granted; the free tier is what remains after a cancel.
  const paidPlans = (plans.data ?? []).filter((plan) => plan.prices.length > 0);
  const tier = form.tier || paidPlans[0]?.id || '';
  const planName = plans.data?.find((p) => p.id === tier)?.name ?? tier;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!tier) found.tier = 'Choose a plan.';
    const months = Number(form.months);
    if (!Number.isInteger(months) || months < 1 || months > 120)
      found.durationMonths = 'Enter 1 to 120 months.';
    setErrors(found);
    if (Object.keys(found).length === 0) setConfirming(true);
  };
  const send = () =>
    grant.mutate({
      tier,
      durationMonths: Number(form.months),
      isPaid: form.isPaid,
      autoRenew: form.autoRenew,
      ...(form.comment.trim() ? { comment: form.comment.trim() } : {}),
    });

  return (
    <section className="card" aria-labelledby="grant-heading">
      <h2 id="grant-heading">Grant a subscription</h2>
      {grant.isSuccess ? <Banner tone="success">{grant.data.message}</Banner> : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormError error={grant.error} />
        <div className="grid grid--2">
          <div className="field">
            <label htmlFor="grant-tier">Plan</label>
            <select
              id="grant-tier"
              value={tier}
              onChange={(e) => setForm({ ...form, tier: e.target.value })}
              aria-invalid={shown.tier ? true : undefined}
            >
              {paidPlans.map((plan) => (
                <option key={plan.id} value={plan.id}>
                  {plan.name}
                </option>
              ))}
            </select>
            {shown.tier ? <p className="field__error">{shown.tier}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="grant-months">Duration in months</label>
            <input
              id="grant-months"
              type="number"
              min={1}
              max={120}
              inputMode="numeric"
              value={form.months}
              onChange={(e) => setForm({ ...form, months: e.target.value })}
              aria-invalid={shown.durationMonths ? true : undefined}
              aria-describedby={shown.durationMonths ? 'grant-months-error' : undefined}
            />
            {shown.durationMonths ? (
              <p className="field__error" id="grant-months-error">
                {shown.durationMonths}
              </p>
            ) : null}
          </div>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.isPaid}
            onChange={(e) => setForm({ ...form, isPaid: e.target.checked })}
          />
          Paid (bill the customer) — otherwise a free grant
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.autoRenew}
            onChange={(e) => setForm({ ...form, autoRenew: e.target.checked })}
          />
          Renew automatically
        </label>
        <div className="field">
          <label htmlFor="grant-comment">Comment for the audit log (optional)</label>
          <textarea
            id="grant-comment"
            value={form.comment}
            onChange={(e) => setForm({ ...form, comment: e.target.value })}
          />
        </div>
        <div>
          <button className="button button--primary" disabled={grant.isPending || !plans.data}>
            Grant…
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Grant this subscription?"
        confirmLabel="Grant"
        busy={grant.isPending}
        onConfirm={send}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {planName} for {form.months} month(s), {form.isPaid ? 'paid by the customer' : 'free of charge'}
          {form.autoRenew ? ', renewing automatically' : ''}.
        </p>
      </ConfirmDialog>
    </section>
  );
}

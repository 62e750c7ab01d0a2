import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Billing, Plan, ProrationPreview } from '../../api/types';
import { formatDate, formatMoney } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
import { useBillingAction } from './queries';

interface ChangePlanProps {
  billing: Billing;
  plans: Plan[];
  initialPriceId: string | null;
}

/** Pick a recurring price, see exactly what the switch costs today, then confirm. */
export function ChangePlan({ billing, plans, initialPriceId }: ChangePlanProps) {
  const options = plans.flatMap((plan) =>
    plan.prices.filter((p) => p.type === 'recurring').map((price) => ({ plan, price })),
  );
  const [priceId, setPriceId] = useState<string | null>(
    options.some((o) => o.price.id === initialPriceId) ? initialPriceId : null,
  );
  const change = useBillingAction<{ priceId: string }>('/api/billing/change-plan');

  const preview = useQuery({
    queryKey: ['billing', 'preview', priceId],
    enabled: priceId !== null && !change.isSuccess,
    queryFn: () =>
      api.get<ProrationPreview>(
        `/api/billing/change-plan/preview?priceId=${encodeURIComponent(priceId ?? '')}`,
      ),
  });

  return (
    <section className="card stack" aria-labelledby="change-plan-heading">
      <h2 id="change-plan-heading">Change plan</h2>
      <fieldset className="stack plain-fieldset">
        <legend className="label">New plan and billing period</legend>
        <div className="grid grid--2">
          {options.map(({ plan, price }) => (
            <label key={price.id} className="choice">
              <input
                type="radio"
                name="change-plan"
                value={price.id}
                checked={priceId === price.id}
                onChange={() => {
                  change.reset();
                  setPriceId(price.id);
                }}
              />
              <span>
                <strong>{plan.name}</strong> · {price.interval === 'year' ? 'yearly' : 'monthly'} ·{' '}
                {formatMoney(price.amount, price.currency)}
                {price.id === billing.priceId ? <span className="muted"> (your plan)</span> : null}
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {/* The preview area keeps its height while loading so the confirm button does not jump. */}
      <div className="preview" aria-live="polite">
        {change.isSuccess ? (
          <p role="status" className="banner banner--success">
            Plan changed. You are now on {change.data.plan?.name ?? 'your new plan'}.
          </p>
        ) : priceId === null ? (
          <p className="muted">Choose a plan to see what changes today.</p>
        ) : preview.isPending ? (
          <Loading label="Calculating proration…" minHeight={140} />
        ) : preview.isError ? (
          <ErrorState
            error={preview.error}
            onRetry={() => void preview.refetch()}
            title="Could not preview this change."
          />
        ) : (
          <div className="stack">
            <TableWrap label="Proration preview">
              <table>
                <caption className="visually-hidden">What the change costs</caption>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {preview.data.lines.map((line, index) => (
                    <tr key={index}>
                      <td>{line.description}</td>
                      <td className="num">{formatMoney(line.amount, preview.data.currency)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">Due today</th>
                    <td className="num">
                      <strong>{formatMoney(preview.data.amountDue, preview.data.currency)}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
            </TableWrap>
            {preview.data.nextBillingAt ? (
              <p className="muted">
                Next billing date after the change: {formatDate(preview.data.nextBillingAt)}.
              </p>
            ) : null}
            <FormError error={change.error} />
            <button
              type="button"
              className="button button--primary"
              disabled={change.isPending}
              onClick={() => priceId && change.mutate({ priceId })}
            >
              {change.isPending
                ? 'Changing plan…'
                : `Confirm and pay ${formatMoney(preview.data.amountDue, preview.data.currency)}`}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, withQuery } from '../../api/client';
import type { Metrics } from '../../api/types';
import { formatMoney, formatPercent } from '../../ui/format';
import { Page } from '../../ui/Page';
import { ErrorState, Loading } from '../../ui/States';
import { MovementsChart, MrrChart, SubscribersChart } from './MetricsCharts';
import { StatCard } from './StatCard';

export function OverviewPage() {
  // Empty means "the server's default window"; dates are sent as UTC day boundaries.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const rangeError = from && to && from > to ? 'The start date is after the end date.' : undefined;
  const metrics = useQuery({
    queryKey: ['admin', 'metrics', from, to],
    enabled: !rangeError,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<Metrics>(
        withQuery('/api/admin/metrics', {
          from: from ? `${from}T00:00:00.000Z` : null,
          to: to ? `${to}T23:59:59.999Z` : null,
        }),
      ),
  });

  return (
    <Page title="Overview" lead="Revenue and subscriber health.">
      <div className="filters">
        <div className="field">
          <label htmlFor="metrics-from">From</label>
          <input
            id="metrics-from"
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="metrics-to">To</label>
          <input
            id="metrics-to"
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? 'metrics-range-error' : undefined}
          />
        </div>
        {rangeError ? (
          <p className="field__error" id="metrics-range-error" role="alert">
            {rangeError}
          </p>
        ) : null}
      </div>
      {metrics.isPending ? (
        <Loading label="Loading metrics…" minHeight={600} />
      ) : metrics.isError ? (
        <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : (
        <div className="stack">
          <ul className="grid stats plain-list" aria-label="Key figures">
            <StatCard label="MRR" value={formatMoney(metrics.data.mrr, metrics.data.currency)} />
            <StatCard label="ARR" value={formatMoney(metrics.data.arr, metrics.data.currency)} />
            <StatCard label="Active subscribers" value={String(metrics.data.activeSubscribers)} />
            <StatCard label="Trialing" value={String(metrics.data.trialing)} />
            <StatCard label="Past due" value={String(metrics.data.pastDue)} />
            <StatCard label="Churn (30 days)" value={formatPercent(metrics.data.churnRate30d)} />
            <StatCard label="Trial conversion" value={formatPercent(metrics.data.trialConversionRate)} />
            <StatCard
              label="Checkout conversion"
              value={formatPercent(metrics.data.checkoutConversionRate)}
            />
            <StatCard label="Failed payments" value={formatPercent(metrics.data.failedPaymentRate)} />
          </ul>
          <div className="grid grid--2">
            <MrrChart series={metrics.data.series} currency={metrics.data.currency} />
            <SubscribersChart series={metrics.data.series} />
          </div>
          {metrics.data.movements?.length ? (
            <div>
              <MovementsChart movements={metrics.data.movements} currency={metrics.data.currency} />
            </div>
          ) : null}
        </div>
      )}
    </Page>
  );
}

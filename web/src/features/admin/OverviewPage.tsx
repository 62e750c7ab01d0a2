import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Metrics } from '../../api/types';
import { formatMoney, formatPercent } from '../../ui/format';
import { Page } from '../../ui/Page';
import { ErrorState, Loading } from '../../ui/States';
import { MovementsChart, MrrChart, SubscribersChart } from './MetricsCharts';
import { StatCard } from './StatCard';

export function OverviewPage() {
  const metrics = useQuery({
    queryKey: ['admin', 'metrics'],
    queryFn: () => api.get<Metrics>('/api/admin/metrics'),
  });

  return (
    <Page title="Overview" lead="Revenue and subscriber health.">
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

import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { hasCode } from '../../api/errors';
import { formatDateTime, humanize } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';
import { UpgradeCta } from './UpgradeCta';

/** Assumed shape; anything else the server adds is listed as plain facts. */
interface Report {
  title?: string;
  summary?: string;
  generatedAt?: string;
  metrics?: { label: string; value: string | number }[];
  series?: { day?: number; label?: string; value: number }[];
  [key: string]: unknown;
}

const known = new Set(['title', 'summary', 'generatedAt', 'metrics', 'series']);

export function ReportPanel({ hasAccess }: { hasAccess: boolean }) {
  const report = useQuery({
    queryKey: ['pro', 'report'],
    queryFn: () => api.get<Report>('/api/pro/report'),
    enabled: hasAccess,
  });

  return (
    <section className="card stack" aria-labelledby="report-heading">
      <h2 id="report-heading">Your premium report</h2>
      {!hasAccess || hasCode(report.error, 'SUBSCRIPTION_INACTIVE') ? (
        <UpgradeCta feature="The report" error={report.error} />
      ) : report.isPending ? (
        <Loading label="Preparing your report…" minHeight={160} />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <ReportBody report={report.data} />
      )}
    </section>
  );
}

function ReportBody({ report }: { report: Report }) {
  const extras = Object.entries(report).filter(
    ([key, value]) => !known.has(key) && ['string', 'number', 'boolean'].includes(typeof value),
  );
  return (
    <>
      {report.title ? <h3>{report.title}</h3> : null}
      {report.summary ? <p>{report.summary}</p> : null}
      {report.metrics?.length ? (
        <ul className="grid grid--4 plain-list">
          {report.metrics.map((metric) => (
            <li key={metric.label} className="stat">
              <p className="stat__label">{metric.label}</p>
              <p className="stat__value">{metric.value}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {report.series?.length ? <SeriesBars series={report.series} /> : null}
      {extras.length ? (
        <dl className="facts">
          {extras.map(([key, value]) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>{humanize(key)}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {report.generatedAt ? <p className="muted">Generated {formatDateTime(report.generatedAt)}</p> : null}
    </>
  );
}

function SeriesBars({ series }: { series: NonNullable<Report['series']> }) {
  const max = Math.max(1, ...series.map((point) => point.value));
  return (
    <ol className="bars plain-list" aria-label="Daily values">
      {series.map((point, index) => {
        const label = point.label ?? `Day ${(point.day ?? index) + 1}`;
        return (
          <li key={index} className="bars__item">
            <span className="bars__label">{label}</span>
            <span className="bars__track" aria-hidden="true">
              <span className="bars__fill" style={{ width: `${(point.value / max) * 100}%` }} />
            </span>
            <span className="bars__value">{point.value}</span>
          </li>
        );
      })}
    </ol>
  );
}

import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MetricsPoint, MrrMovement } from '../../api/types';
import { formatDate, formatMoney } from '../../ui/format';
import { TableWrap } from '../../ui/TableWrap';

const colors = {
  primary: '#3b3fd8',
  success: '#146c3a',
  info: '#1d4f91',
  teal: '#0f766e',
  warning: '#b45309',
  danger: '#b3261e',
};

/** Axis ticks in whole currency units ("$1.2K"); tooltips use full money formatting. */
function compactMoney(currency: string) {
  return (minor: number) => {
    const full = formatMoney(minor, currency);
    const units = Number(full.replace(/[^0-9.-]/g, ''));
    try {
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: currency.toUpperCase(),
        notation: 'compact',
      }).format(units);
    } catch {
      return full;
    }
  };
}

const shortDate = (iso: string) => formatDate(iso).replace(/, \d{4}$/, '');

/** Every chart has a caption and its numbers as a table for people who cannot see the graphic. */
function ChartFigure({ title, table, children }: { title: string; table: ReactNode; children: ReactNode }) {
  return (
    <figure className="card chart-figure">
      <figcaption>
        <h2>{title}</h2>
      </figcaption>
      <div className="chart" aria-hidden="true">
        {children}
      </div>
      <details>
        <summary>{title} as a table</summary>
        {table}
      </details>
    </figure>
  );
}

export function MrrChart({ series, currency }: { series: MetricsPoint[]; currency: string }) {
  return (
    <ChartFigure
      title="MRR over time"
      table={
        <SeriesTable
          rows={series.map((p) => [formatDate(p.date), formatMoney(p.mrr, currency)])}
          head="MRR"
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={series} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={shortDate} minTickGap={24} />
          <YAxis tickFormatter={compactMoney(currency)} width={64} />
          <Tooltip
            labelFormatter={(label) => formatDate(String(label))}
            formatter={(value) => [formatMoney(Number(value), currency), 'MRR']}
          />
          <Line type="monotone" dataKey="mrr" stroke={colors.primary} strokeWidth={2} dot={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function SubscribersChart({ series }: { series: MetricsPoint[] }) {
  return (
    <ChartFigure
      title="Active subscribers"
      table={
        <SeriesTable
          rows={series.map((p) => [formatDate(p.date), String(p.activeSubscribers)])}
          head="Subscribers"
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={series} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={shortDate} minTickGap={24} />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip labelFormatter={(label) => formatDate(String(label))} />
          <Area
            type="monotone"
            dataKey="activeSubscribers"
            name="Active subscribers"
            stroke={colors.teal}
            fill="#99d5cf"
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Losses (contraction, churn) are drawn below zero so growth and loss read at a glance. */
export function MovementsChart({ movements, currency }: { movements: MrrMovement[]; currency: string }) {
  const data = movements.map((m) => ({
    ...m,
    contraction: -Math.abs(m.contraction),
    churn: -Math.abs(m.churn),
  }));
  const money = (value: number) => formatMoney(value, currency);
  const bars: [keyof MrrMovement, string, string][] = [
    ['new', 'New', colors.primary],
    ['expansion', 'Expansion', colors.success],
    ['reactivation', 'Reactivation', colors.info],
    ['contraction', 'Contraction', colors.warning],
    ['churn', 'Churn', colors.danger],
  ];
  return (
    <ChartFigure
      title="MRR movements"
      table={
        <TableWrap label="MRR movements data">
          <table>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {bars.map(([key, label]) => (
                  <th key={key} scope="col" className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  {bars.map(([key]) => (
                    <td key={key} className="num">
                      {money(Number(m[key]))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} stackOffset="sign" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis tickFormatter={compactMoney(currency)} width={64} />
          <Tooltip formatter={(value, name) => [money(Number(value)), String(name)]} />
          <Legend />
          <ReferenceLine y={0} stroke="#4f5566" />
          {bars.map(([key, label, color]) => (
            <Bar key={key} dataKey={key} name={label} stackId="movements" fill={color} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

function SeriesTable({ rows, head }: { rows: string[][]; head: string }) {
  return (
    <TableWrap label={`${head} data`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col" className="num">
              {head}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([date, value], i) => (
            <tr key={i}>
              <th scope="row">{date}</th>
              <td className="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

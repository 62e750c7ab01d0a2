/** Minor units → "$9.99"; the currency's own number of decimals comes from Intl (JPY has none). */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  try {
    const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
    return formatter.format(amount / 10 ** digits);
  } catch {
    return `${(amount / 100).toFixed(2)} ${code}`;
  }
}

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateFormat.format(date);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTimeFormat.format(date);
}

/** 0.125 → "12.5%". Rates in the API are fractions. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function humanize(value: string): string {
  const text = value.replace(/[_-]+/g, ' ').replace(/\bai\b/gi, 'AI');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Catalog features may be keys ("ai_generator") or already sentences ("Everything in Pro"). */
export function featureLabel(feature: string): string {
  return /^[a-z0-9_-]+$/.test(feature) ? humanize(feature) : feature;
}

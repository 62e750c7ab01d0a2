const DAY = 86_400;

export type Interval = 'day' | 'week' | 'month' | 'year';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The n-th period boundary after `anchor`. Months and years are counted from the anchor itself,
 * so a subscription started on Jan 31 renews on Feb 28 and then Mar 31, as on Stripe.
 */
export function boundary(anchor: number, interval: Interval, count: number, n: number): number {
  if (interval === 'day') return anchor + n * count * DAY;
  if (interval === 'week') return anchor + n * count * 7 * DAY;
  const start = new Date(anchor * 1000);
  const months = (interval === 'year' ? 12 : 1) * count * n;
  const total = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(start.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds()) / 1000;
}

/** The end of the period that contains `time`, for a cycle anchored at `anchor`. */
export function periodEndAfter(anchor: number, interval: Interval, count: number, time: number): number {
  let n = 1;
  let end = boundary(anchor, interval, count, n);
  while (end <= time) end = boundary(anchor, interval, count, ++n);
  return end;
}

export function addMonths(time: number, months: number): number {
  return boundary(time, 'month', months, 1);
}

export { DAY };

/**
 * Stripe delivers events late, twice and out of order. An event is applied only if it is newer than
 * the newest one already applied to the object; on a tie (same second) the stored state cannot
 * decide, so the object is re-fetched from Stripe. A state we fetched ourselves has no event time:
 * the next event after it cannot be compared with it either, so it is re-fetched too.
 */
export function orderEvent(
  lastEventAt: number | undefined,
  eventCreated: number,
): 'apply' | 'stale' | 'refetch' {
  if (lastEventAt === undefined || eventCreated > lastEventAt) return 'apply';
  return eventCreated < lastEventAt ? 'stale' : 'refetch';
}

/** Where a state comes from: an event's payload, a re-fetch caused by an event, or a plain fetch. */
export type Origin =
  { kind: 'event'; created: number } | { kind: 'refetch'; created: number } | { kind: 'fetch' };

export interface Watermark {
  lastEventAt: number;
  fetched: boolean;
}

export function decide(stored: Watermark | undefined, origin: Origin): 'apply' | 'stale' | 'refetch' {
  if (origin.kind !== 'event' || !stored) return 'apply';
  if (stored.fetched) return 'refetch';
  return orderEvent(stored.lastEventAt, origin.created);
}

/** A re-fetch made for an event covers that event and every earlier one. */
export function nextWatermark(stored: Watermark | undefined, origin: Origin): Watermark {
  if (origin.kind === 'fetch') return { lastEventAt: stored?.lastEventAt ?? 0, fetched: true };
  return { lastEventAt: Math.max(stored?.lastEventAt ?? 0, origin.created), fetched: false };
}

/**
 * Stripe delivers events late, twice and out of order. An event is applied only if it is newer than
 * the newest one already applied to the object; on a tie (same second) the stored state cannot decide,
 * so the object is re-fetched from Stripe.
 */
export function orderEvent(
  lastEventAt: number | undefined,
  eventCreated: number,
): 'apply' | 'stale' | 'refetch' {
  if (lastEventAt === undefined || eventCreated > lastEventAt) return 'apply';
  return eventCreated < lastEventAt ? 'stale' : 'refetch';
}

import type { Catalog, Plan } from '../../catalog/catalog.ts';

export interface GrantWindow {
  planId: string;
  source: 'subscription' | 'one_time' | 'admin_grant';
  startsAt: Date;
  endsAt: Date | null;
  status: 'active' | 'ended' | 'revoked';
}

export const isGrantActive = (grant: GrantWindow, now: Date) =>
  grant.status === 'active' && grant.startsAt <= now && (grant.endsAt === null || grant.endsAt > now);

/** The grant that decides the user's plan: the highest-ranked plan among those active now. */
export function decidingGrant<G extends GrantWindow>(
  grants: G[],
  catalog: Catalog,
  now: Date,
): G | undefined {
  return grants
    .filter((g) => isGrantActive(g, now))
    .sort((a, b) => catalog.rank(b.planId) - catalog.rank(a.planId))[0];
}

export function planOf(grant: GrantWindow | undefined, catalog: Catalog): Plan {
  return (grant && catalog.plan(grant.planId)) || catalog.free;
}

/** `can(user, feature)` without I/O: features come from the plan of the deciding grant. */
export function canUse(grants: GrantWindow[], catalog: Catalog, feature: string, now: Date): boolean {
  return planOf(decidingGrant(grants, catalog, now), catalog).features.includes(feature);
}

/**
 * A pass adds its days after any access the user already has: it starts when the latest known end
 * of their current access is reached (or now), so buying early never wastes days.
 */
export function passWindow(
  grants: GrantWindow[],
  durationDays: number,
  now: Date,
): { startsAt: Date; endsAt: Date } {
  const ends = grants
    .filter((g) => g.status === 'active' && g.endsAt !== null && g.endsAt > now)
    .map((g) => g.endsAt!.getTime());
  const startsAt = new Date(Math.max(now.getTime(), ...ends));
  return { startsAt, endsAt: new Date(startsAt.getTime() + durationDays * 24 * 3600 * 1000) };
}

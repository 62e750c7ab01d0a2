import type { FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import type { Db } from '../platform/db/database.ts';
import type { AccessGrant, User } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';
import type { Clock } from '../platform/clock.ts';
import { requireUser } from '../http/session.ts';
import { ShortCache } from '../http/short-cache.ts';
import { canUse, decidingGrant } from './domain/access.ts';
import { activeGrants, GRANTS_CHANNEL } from './load-billing.ts';

export const subscriptionInactive = (message: string) =>
  new AppError(403, 'SUBSCRIPTION_INACTIVE', message, { extra: { upgradeUrl: '/pricing' } });

/**
 * How long this process may gate on cached access grants. Grants changed by this process (billing
 * use-cases, webhooks processed in-process) take effect at once; grants changed by another process
 * (`tollgate worker`, another instance, an admin elsewhere) take effect here within this time. A user
 * with no grant is never cached, so new access (a fresh purchase) is never held back; a revoked or
 * ended grant can still open a premium route on another instance for at most this long. Grant windows
 * (startsAt/endsAt) are judged against the app's clock on every request.
 */
export const GRANTS_CACHE_TTL_MS = 2_000;

/** Entitlement checks read only our access grants: never Stripe, so they are fast and always answer. */
export interface Entitlements {
  can(user: User, feature: string): Promise<boolean>;
  requireFeature(feature: string): (request: FastifyRequest) => Promise<void>;
  requirePlan(planId: string): (request: FastifyRequest) => Promise<void>;
}

export function entitlements(
  deps: { db: Db; catalog: Catalog; clock: Clock },
  options: { ttlMs?: number; now?: () => number } = {},
): Entitlements {
  const cache = new ShortCache<AccessGrant[]>(GRANTS_CHANNEL, {
    ttlMs: options.ttlMs ?? GRANTS_CACHE_TTL_MS,
    keep: (grants) => grants.length > 0,
    ...(options.now ? { now: options.now } : {}),
  });
  const grantsOf = (userId: string) => cache.get(userId, () => activeGrants(deps.db, userId));
  const can = async (user: User, feature: string) =>
    canUse(await grantsOf(user.id), deps.catalog, feature, deps.clock.now());
  return {
    can,
    requireFeature: (feature) => async (request) => {
      if (!(await can(requireUser(request), feature))) {
        throw subscriptionInactive('Your plan does not include this feature; upgrade to use it.');
      }
    },
    requirePlan: (planId) => async (request) => {
      const user = requireUser(request);
      const grant = decidingGrant(await grantsOf(user.id), deps.catalog, deps.clock.now());
      if (!grant || deps.catalog.rank(grant.planId) < deps.catalog.rank(planId)) {
        throw subscriptionInactive(
          `This needs the ${deps.catalog.plan(planId)?.name ?? planId} plan or higher.`,
        );
      }
    },
  };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** A route's preHandler, callback style: a decision on cached grants needs no promise. */
export type Guard = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void;

/** Entitlement checks read only our access grants: never Stripe, so they are fast and always answer. */
export interface Entitlements {
  can(user: User, feature: string): Promise<boolean>;
  requireFeature(feature: string): Guard;
  requirePlan(planId: string): Guard;
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
  // A guard refuses with refusal(grants, now); grants in the short cache (nearly every request) are
  // judged at once, with no promise. Grant windows are judged on the app's clock at the request.
  const guard =
    (refusal: (grants: AccessGrant[], now: Date) => AppError | undefined): Guard =>
    (request, _reply, done) => {
      const user = requireUser(request);
      const cached = cache.peek(user.id);
      if (cached) return done(refusal(cached, deps.clock.now()));
      grantsOf(user.id)
        .then((grants) => refusal(grants, deps.clock.now()))
        .then(done, done);
    };
  return {
    can,
    requireFeature: (feature) =>
      guard((grants, now) =>
        canUse(grants, deps.catalog, feature, now)
          ? undefined
          : subscriptionInactive('Your plan does not include this feature; upgrade to use it.'),
      ),
    requirePlan: (planId) =>
      guard((grants, now) => {
        const grant = decidingGrant(grants, deps.catalog, now);
        return !grant || deps.catalog.rank(grant.planId) < deps.catalog.rank(planId)
          ? subscriptionInactive(
              `This needs the ${deps.catalog.plan(planId)?.name ?? planId} plan or higher.`,
            )
          : undefined;
      }),
  };
}

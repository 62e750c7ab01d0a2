import type { FastifyRequest } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import type { Db } from '../platform/db/database.ts';
import type { User } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';
import type { Clock } from '../platform/clock.ts';
import { requireUser } from '../http/session.ts';
import { canUse, decidingGrant } from './domain/access.ts';
import { activeGrants } from './load-billing.ts';

export const subscriptionInactive = (message: string) =>
  new AppError(403, 'SUBSCRIPTION_INACTIVE', message, { extra: { upgradeUrl: '/pricing' } });

/** Entitlement checks read only our access grants: never Stripe, so they are fast and always answer. */
export interface Entitlements {
  can(user: User, feature: string): Promise<boolean>;
  requireFeature(feature: string): (request: FastifyRequest) => Promise<void>;
  requirePlan(planId: string): (request: FastifyRequest) => Promise<void>;
}

export function entitlements(deps: { db: Db; catalog: Catalog; clock: Clock }): Entitlements {
  const can = async (user: User, feature: string) =>
    canUse(await activeGrants(deps.db, user.id), deps.catalog, feature, deps.clock.now());
  return {
    can,
    requireFeature: (feature) => async (request) => {
      if (!(await can(requireUser(request), feature))) {
        throw subscriptionInactive('Your plan does not include this feature; upgrade to use it.');
      }
    },
    requirePlan: (planId) => async (request) => {
      const user = requireUser(request);
      const grant = decidingGrant(await activeGrants(deps.db, user.id), deps.catalog, deps.clock.now());
      if (!grant || deps.catalog.rank(grant.planId) < deps.catalog.rank(planId)) {
        throw subscriptionInactive(
          `This needs the ${deps.catalog.plan(planId)?.name ?? planId} plan or higher.`,
        );
      }
    },
  };
}

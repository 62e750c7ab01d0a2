import type { FastifyInstance } from 'fastify';
import { ok } from '../http/reply.ts';
import type { Catalog } from './catalog.ts';

/** GET /api/plans: the public catalog, Free first, in catalog order. */
export function planRoutes(app: FastifyInstance, deps: { catalog: Catalog }): void {
  const plans = [deps.catalog.free, ...deps.catalog.plans.filter((p) => p.id !== deps.catalog.free.id)].map(
    (plan) => ({
      id: plan.id,
      name: plan.name,
      description: plan.description,
      features: plan.features,
      trialDays: plan.trialDays,
      prices: plan.prices.map((price) => ({
        id: price.id,
        type: price.type,
        interval: price.type === 'recurring' ? price.interval : null,
        amount: price.amount,
        currency: price.currency,
        durationDays: price.type === 'one_time' ? price.durationDays : null,
      })),
    }),
  );
  app.get('/api/plans', async () => ok({ plans }));
}

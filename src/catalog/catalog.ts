import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, _ or -');

const priceSchema = z.discriminatedUnion('type', [
  z.object({
    id,
    type: z.literal('recurring'),
    interval: z.enum(['month', 'year']),
    amount: z.number().int().positive(),
  }),
  z.object({
    id,
    type: z.literal('one_time'),
    amount: z.number().int().positive(),
    durationDays: z.number().int().positive().max(3650),
  }),
]);

const planSchema = z.object({
  id,
  name: z.string().min(1).max(60),
  description: z.string().max(300).default(''),
  features: z.array(id).default([]),
  trialDays: z.number().int().min(0).max(365).default(0),
  prices: z.array(priceSchema).default([]),
});

const catalogSchema = z
  .object({
    currency: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case ISO currency code'),
    plans: z.array(planSchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const planIds = catalog.plans.map((p) => p.id);
    const priceIds = catalog.plans.flatMap((p) => p.prices.map((x) => x.id));
    for (const [name, ids] of [
      ['plan', planIds],
      ['price', priceIds],
    ] as const) {
      const duplicate = ids.find((v, i) => ids.indexOf(v) !== i);
      if (duplicate) ctx.addIssue({ code: 'custom', message: `duplicate ${name} id "${duplicate}"` });
    }
    const free = catalog.plans.find((p) => p.id === FREE_PLAN_ID);
    if (free && free.prices.length > 0)
      ctx.addIssue({ code: 'custom', message: 'the free plan cannot have prices' });
  });

export const FREE_PLAN_ID = 'free';

export type CatalogPrice = z.infer<typeof priceSchema> & { planId: string; currency: string };
export type Plan = Omit<z.infer<typeof planSchema>, 'prices'> & { prices: CatalogPrice[] };

/** Plans as code. Order matters: a later plan outranks an earlier one when a user holds both. */
export interface Catalog {
  currency: string;
  plans: Plan[];
  free: Plan;
  plan(id: string): Plan | undefined;
  price(id: string): CatalogPrice | undefined;
  rank(planId: string): number;
}

export function buildCatalog(input: unknown): Catalog {
  const parsed = catalogSchema.parse(input);
  const plans: Plan[] = parsed.plans.map((plan) => ({
    ...plan,
    prices: plan.prices.map((price) => ({ ...price, planId: plan.id, currency: parsed.currency })),
  }));
  const free = plans.find((p) => p.id === FREE_PLAN_ID) ?? {
    id: FREE_PLAN_ID,
    name: 'Free',
    description: '',
    features: [],
    trialDays: 0,
    prices: [],
  };
  const prices = new Map(plans.flatMap((p) => p.prices.map((price) => [price.id, price] as const)));
  return {
    currency: parsed.currency,
    plans,
    free,
    plan: (planId) => plans.find((p) => p.id === planId),
    price: (priceId) => prices.get(priceId),
    rank: (planId) => plans.findIndex((p) => p.id === planId),
  };
}

export const DEMO_CATALOG_FILE = fileURLToPath(new URL('./plans.json', import.meta.url));

export function loadCatalog(file = DEMO_CATALOG_FILE): Catalog {
  try {
    return buildCatalog(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
        : (error as Error).message;
    throw new Error(`Invalid plan catalog ${file}: ${detail}`, { cause: error });
  }
}

import type { Catalog } from '../catalog/catalog.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { StripeAccess } from '../stripe/client.ts';
import type { AccessPolicy } from './domain/subscription-access.ts';

/** What billing use-cases need; a subset of the app's dependencies. */
export interface BillingDeps {
  db: Db;
  stripe: StripeAccess;
  catalog: Catalog;
  clock: Clock;
  logger: Logger;
  accessPolicy: AccessPolicy;
  appUrl: string;
  /** Development mode: customers get test clocks so time travel can move them. */
  testClocks: boolean;
}

export const billingDepsOf = (deps: {
  db: Db;
  stripe: StripeAccess;
  catalog: Catalog;
  clock: Clock;
  logger: Logger;
  config: { appUrl: string; pastDueGraceDays: number | null; devMode: boolean };
}): BillingDeps => ({
  db: deps.db,
  stripe: deps.stripe,
  catalog: deps.catalog,
  clock: deps.clock,
  logger: deps.logger,
  accessPolicy: { pastDueGraceDays: deps.config.pastDueGraceDays },
  appUrl: deps.config.appUrl,
  testClocks: deps.config.devMode,
});

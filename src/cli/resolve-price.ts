import { eq } from 'drizzle-orm';
import type { Catalog } from '../catalog/catalog.ts';
import type { Db } from '../platform/db/database.ts';
import { catalogPrices } from '../platform/db/schema/index.ts';
import { validationFailed } from '../platform/errors.ts';

/** Our price id (which is also its Stripe lookup_key) as is; a Stripe price id through the synced prices. */
export async function resolvePriceId(db: Db, catalog: Catalog, given: string): Promise<string> {
  if (catalog.price(given)) return given;
  const [row] = await db
    .select({ id: catalogPrices.id })
    .from(catalogPrices)
    .where(eq(catalogPrices.stripePriceId, given));
  if (row) return row.id;
  throw validationFailed(
    { plan: 'is not a price of the catalog' },
    `--plan ${given} is neither a catalog price (lookup key) nor a synced Stripe price id.`,
  );
}

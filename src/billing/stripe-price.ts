import { eq } from 'drizzle-orm';
import type { CatalogPrice } from '../catalog/catalog.ts';
import type { Db } from '../platform/db/database.ts';
import { catalogPrices } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';

/** The Stripe price behind one of our prices, as stored by `tollgate plans sync`. */
export async function stripePriceIdFor(db: Db, price: CatalogPrice): Promise<string> {
  const [row] = await db.select().from(catalogPrices).where(eq(catalogPrices.id, price.id)).limit(1);
  if (!row || row.amount !== price.amount) {
    throw new AppError(
      503,
      'CATALOG_NOT_SYNCED',
      'This price is not available yet; an operator must run `tollgate plans sync`.',
    );
  }
  return row.stripePriceId;
}

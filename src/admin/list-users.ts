import { count, desc, ilike, or } from 'drizzle-orm';
import type { Catalog } from '../catalog/catalog.ts';
import { toUserView } from '../accounts/user-view.ts';
import { loadBilling } from '../billing/load-billing.ts';
import type { Db } from '../platform/db/database.ts';
import { users } from '../platform/db/schema/index.ts';
import { offsetOf, type Page } from './paging.ts';

/** `%`, `_` and `\` in the search text match themselves, not any character. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Users whose e-mail or name contains `q` (any case), newest first, each with their Billing. */
export async function listUsers(
  deps: { db: Db; catalog: Catalog },
  input: Page & { q?: string | undefined },
  now: Date,
) {
  const where = input.q
    ? or(ilike(users.email, likePattern(input.q)), ilike(users.name, likePattern(input.q)))
    : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    deps.db.select({ n: count() }).from(users).where(where),
  ]);
  const views = await Promise.all(
    rows.map(async (user) => toUserView(user, await loadBilling(deps.db, deps.catalog, user.id, now))),
  );
  return { users: views, total: total?.n ?? 0 };
}

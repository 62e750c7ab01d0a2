import { desc, eq } from 'drizzle-orm';
import type { Catalog } from '../catalog/catalog.ts';
import { toUserView } from '../accounts/user-view.ts';
import { listInvoices } from '../billing/list-invoices.ts';
import { loadBilling } from '../billing/load-billing.ts';
import type { Db } from '../platform/db/database.ts';
import { accessGrants, emailOutbox, paymentLog } from '../platform/db/schema/index.ts';
import { findUserOr404 } from './find-user.ts';
import { emailView, grantView, paymentView } from './views.ts';

/** One user for the admin console: profile with Billing, grants, recent invoices, payments and mail. */
export async function getUserDetail(deps: { db: Db; catalog: Catalog }, userId: string, now: Date) {
  const user = await findUserOr404(deps.db, userId);
  const [billing, grants, invoices, payments, emails] = await Promise.all([
    loadBilling(deps.db, deps.catalog, userId, now),
    deps.db
      .select()
      .from(accessGrants)
      .where(eq(accessGrants.userId, userId))
      .orderBy(desc(accessGrants.createdAt)),
    listInvoices(deps.db, userId, { limit: 50 }),
    deps.db
      .select()
      .from(paymentLog)
      .where(eq(paymentLog.userId, userId))
      .orderBy(desc(paymentLog.occurredAt))
      .limit(50),
    deps.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.userId, userId))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(50),
  ]);
  return {
    user: toUserView(user, billing),
    grants: grants.map(grantView),
    invoices: invoices.invoices,
    payments: payments.map(paymentView),
    emails: emails.map(emailView),
  };
}

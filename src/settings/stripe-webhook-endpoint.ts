import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { appSettings } from '../platform/db/schema/index.ts';

const KEY = 'stripe_webhook_endpoint';

/** The endpoint `tollgate webhooks register` made, with the signing secret Stripe showed only then. */
export interface StoredWebhookEndpoint {
  id: string;
  url: string;
  secret: string;
}

const isStored = (value: unknown): value is StoredWebhookEndpoint =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StoredWebhookEndpoint).id === 'string' &&
  typeof (value as StoredWebhookEndpoint).secret === 'string';

export async function loadWebhookEndpoint(db: Db): Promise<StoredWebhookEndpoint | undefined> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEY));
  return isStored(row?.value) ? row.value : undefined;
}

export async function saveWebhookEndpoint(db: Db, endpoint: StoredWebhookEndpoint, now: Date): Promise<void> {
  const value = { key: KEY, value: endpoint, updatedAt: now };
  await db.insert(appSettings).values(value).onConflictDoUpdate({ target: appSettings.key, set: value });
}

import { createAdmin } from '../../src/accounts/create-admin.ts';
import { startBillingApp, type BillingApp } from '../support/billing-app.ts';
import type { TestClient } from '../support/test-app.ts';

export interface AdminApp {
  t: BillingApp;
  admin: TestClient;
  adminId: string;
  /** A signed-in customer, with their id. */
  newCustomer(email: string): Promise<{ client: TestClient; id: string }>;
  close(): Promise<void>;
}

/** The whole app (emulator, worker) with a signed-in admin; one per test file. */
export async function startAdminApp(): Promise<AdminApp> {
  const t = await startBillingApp();
  await createAdmin(t.database.db, { email: 'ops@example.com', password: 'ops-password' }, t.clock.now());
  const admin = t.client();
  const me = await admin.login('ops@example.com', 'ops-password');
  return {
    t,
    admin,
    adminId: me.id as string,
    async newCustomer(email) {
      const client = t.client();
      const user = await client.register(email, 'customer-password', `Name of ${email}`);
      return { client, id: user.id as string };
    },
    close: () => t.close(),
  };
}
